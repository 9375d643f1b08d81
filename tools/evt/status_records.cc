#include "tools/evt/status_records.h"

#include "common/heartbeat.h"

namespace evt::front {

namespace {

Value Envelope(std::string_view kind, TimePoint at) {
  return Value::object({{"kind", kind}, {"v", 1}, {"ts", FormatRfc3339(at)}});
}

}  // namespace

std::vector<Value> SnapshotRecords(const SiteSnapshot& snapshot) {
  std::vector<Value> out;
  for (const ToolStatus& tool : snapshot.tools) out.insert(out.end(), tool.records.begin(), tool.records.end());
  for (const ToolStatus& tool : snapshot.tools) {
    Value record = Envelope("evt.tool", snapshot.at);
    record.set("tool", tool.tool);
    record.set("exit_code", tool.exit_code);
    record.set("records", static_cast<std::int64_t>(tool.records.size()));
    record.set("took_ms", static_cast<std::int64_t>(tool.took.count()));
    if (!tool.error.empty()) record.set("error", tool.error);
    out.push_back(std::move(record));
  }
  const std::string host = ThisHost();
  for (const Beat& beat : snapshot.beats) {
    Value record = Envelope("evt.daemon", snapshot.at);
    record.set("daemon", beat.daemon);
    record.set("state", LivenessText(beat, snapshot.at, host));
    record.set("pid", beat.pid);
    record.set("host", beat.host);
    record.set("started_at", FormatRfc3339(beat.started_at));
    record.set("beat_at", FormatRfc3339(beat.beat_at));
    out.push_back(std::move(record));
  }
  if (snapshot.hold) {
    Value record = Envelope("evt.hold", snapshot.at);
    record.set("reason", snapshot.hold->reason);
    record.set("by", snapshot.hold->by);
    record.set("since", FormatRfc3339(snapshot.hold->since));
    record.set("until", FormatRfc3339(snapshot.hold->until));
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace evt::front
