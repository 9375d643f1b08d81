// `evt-failover decide`: probe records on stdin, failover records out.
// Time is the probe's: its ts plus total_ms, when its result was known, so
// a recorded stream replays to the same decisions.
#include <unistd.h>

#include <cmath>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/record_input.h"
#include "common/state_root.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/daemon_guard.h"
#include "tools/failover/live_view.h"
#include "tools/failover/probe_order.h"
#include "tools/failover/session.h"

namespace evt::failover {
namespace {

Status Bad(std::size_t line, std::string_view field, std::string_view what) {
  return Status::DataErr("<stdin>:" + std::to_string(line) + ": \"" + std::string(field) + "\": " + std::string(what));
}

struct ProbeInput {
  Observation observation;
  TimePoint started{};
  std::optional<std::int64_t> attempt;
  TimePoint known_at{};
};

// Reads the fields decide needs from a `probe` record.
Result<ProbeInput> ReadProbe(const JsonlRecord& record) {
  const Value& v = record.value;
  ProbeInput in;
  const Value* target = v.find("target");
  if (!target || !target->is_string()) return Bad(record.line, "target", "expected a string");
  in.observation.target = target->as_string();
  const Value* ok = v.find("ok");
  if (!ok || !ok->is_bool()) return Bad(record.line, "ok", "expected true or false");
  in.observation.ok = ok->as_bool();
  const Value* total = v.find("total_ms");
  if (!total || !total->is_number() || !(total->as_double() >= 0))
    return Bad(record.line, "total_ms", "expected a number of milliseconds, 0 or more");
  in.observation.total_ms = total->as_double();
  const Value* ts = v.find("ts");
  if (!ts || !ts->is_string()) return Bad(record.line, "ts", "expected an RFC 3339 time");
  Result<TimePoint> started = ParseRfc3339(ts->as_string());
  if (!started.ok()) return Bad(record.line, "ts", started.status().message());
  in.started = *started;
  if (const Value* attempt = v.find("attempt"); attempt && attempt->is_int()) in.attempt = attempt->as_int();
  in.known_at = *started + Duration(static_cast<std::int64_t>(std::llround(std::min(in.observation.total_ms, 1e12))));
  if (const Value* error = v.find("error"); error && error->is_string()) in.observation.error = error->as_string();
  return in;
}

}  // namespace

Status RunDecide(const Options& o) {
  SystemClock clock;
  EVT_ASSIGN_OR_RETURN(DaemonParts parts, OpenDaemonParts(o, "decide", kDecideDaemon, clock));
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(o.common));
  std::unique_ptr<FailoverLiveView> live = LiveViewOnTerminal(o.common, "decide", state_dir, clock);
  RecordWriter out(live ? live->records_file() : stdout, FlushPolicy::kEveryRecord);
  Session session(std::move(parts.config.spec), parts.store, out, clock, parts.daemon.hooks);
  if (live) live->Show(session);
  EVT_RETURN_IF_ERROR(session.Start());
  JsonlReader reader(STDIN_FILENO);
  RecordInput input(reader, o.common, out, clock);
  ProbeOrderFilter probes;
  while (true) {
    Result<std::optional<JsonlRecord>> next = input.Next();
    if (!next.ok()) {
      (void)session.Finish();
      return next.status();
    }
    if (!next->has_value()) break;
    const JsonlRecord& record = **next;
    const Value* kind = record.value.find("kind");
    if (!kind || !kind->is_string() || kind->as_string() != "probe") {
      input.Ignore(record.value);
      continue;
    }
    Result<ProbeInput> probe = ReadProbe(record);
    if (!probe.ok()) {
      EVT_RETURN_IF_ERROR(input.Reject(probe.status()));
      continue;
    }
    const ProbeOrder order = probes.Admit(probe->observation.target, probe->started, probe->attempt);
    if (order != ProbeOrder::kNew) {
      input.Ignore(Value::object({{"kind", order == ProbeOrder::kStale ? "stale probe" : "duplicate probe"}}));
      continue;
    }
    bool used = false;
    EVT_RETURN_IF_ERROR(session.Observe(probe->observation, probe->known_at, &used));
    if (!used) input.Ignore(Value::object({{"kind", "probe of a target no path uses"}}));
    if (live) (void)live->Refresh();  // the screen is best effort; the decisions are not
  }
  EVT_RETURN_IF_ERROR(session.Finish());
  if (live) (void)live->Refresh();
  input.ReportAtEnd();
  return Status::Ok();
}

}  // namespace evt::failover
