#include "tools/outbox/outbox_records.h"

#include "common/json_parse.h"
#include "tools/outbox/command_context.h"

namespace evt::outbox {
namespace {

std::string Plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

TimePoint UnixMs(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

}  // namespace

Value PutRecord(const PutBatch& batch, const PutReport& report, TimePoint now) {
  Value r = RecordEnvelope("outbox.put", now);
  r.set("queue", batch.queue);
  r.set("batch", batch.number);
  r.set("records", batch.records);
  r.set("added", report.counts.added);
  r.set("duplicate", report.counts.duplicate);
  r.set("conflict", report.counts.conflict);
  r.set("refused", report.counts.refused);
  r.set("shed", report.shed.size());
  r.set("sampled_out", batch.sampled_out);
  return r;
}

Result<Value> ConflictRecord(const std::string& queue, const std::string& id, const std::string& stored_line,
                             const std::string& offered_line, TimePoint now) {
  EVT_ASSIGN_OR_RETURN(Value stored, ParseJson(stored_line, "the stored record " + id));
  EVT_ASSIGN_OR_RETURN(Value offered, ParseJson(offered_line, "the offered record " + id));
  Value r = RecordEnvelope("outbox.conflict", now);
  if (!queue.empty()) r.set("queue", queue);
  r.set("id", id);
  r.set("stored", std::move(stored));
  r.set("offered", std::move(offered));
  return r;
}

Value ShedRecordOf(const ShedRecord& shed, const std::string& for_queue, TimePoint now) {
  Value r = RecordEnvelope("outbox.shed", now);
  r.set("queue", shed.queue);
  r.set("id", shed.id);
  r.set("bytes", shed.bytes);
  r.set("for_queue", for_queue);
  return r;
}

Value StatusRecord(const QueueStats& s, TimePoint now) {
  Value r = RecordEnvelope("outbox.status", now);
  r.set("queue", s.queue);
  r.set("class", QueueClassName(s.cls));
  if (!s.configured) r.set("configured", false);
  if (!s.destination.empty()) r.set("destination", s.destination);
  r.set("pending", s.pending);
  r.set("pending_bytes", s.pending_bytes);
  if (s.oldest_pending_age_ms) r.set("oldest_pending_age_ms", *s.oldest_pending_age_ms);
  r.set("delivered", s.delivered);
  r.set("retried", s.retried);
  r.set("dead_lettered", s.dead_lettered);
  r.set("dropped", s.dropped);
  r.set("shed", s.shed);
  return r;
}

Result<Value> ListedRecordOf(const ListedRecord& listed, TimePoint now) {
  const OutboxRecord& rec = listed.record;
  EVT_ASSIGN_OR_RETURN(Value record, ParseJson(rec.line, "the stored record " + rec.id));
  Value r = RecordEnvelope("outbox.record", now);
  r.set("id", rec.id);
  r.set("queue", rec.queue);
  r.set("origin", rec.origin);
  r.set("captured", FormatRfc3339(UnixMs(rec.captured_ms)));
  r.set("record", std::move(record));
  Value deliveries = Value::array();
  for (const Delivery& d : listed.deliveries) {
    Value row = Value::object({{"destination", d.destination}, {"state", DeliveryStateName(d.state)},
                               {"attempts", d.attempts}, {"retries", d.retries}});
    if (d.last_status != 0) row.set("status", d.last_status);
    if (!d.last_error.empty()) row.set("error", d.last_error);
    if (d.state == DeliveryState::kPending) row.set("next_attempt", FormatRfc3339(UnixMs(d.next_attempt_ms)));
    row.set("updated", FormatRfc3339(UnixMs(d.updated_ms)));
    if (!d.by.empty()) row.set("by", d.by);
    deliveries.push_back(std::move(row));
  }
  r.set("deliveries", std::move(deliveries));
  return r;
}

Value RetryRecord(const std::string& destination, const std::optional<std::string>& id, std::int64_t rows,
                  bool dry_run, TimePoint now) {
  Value r = RecordEnvelope("outbox.retry", now);
  r.set("destination", destination);
  if (id) r.set("id", *id);
  r.set("retried", rows);
  if (dry_run) r.set("dry_run", true);
  return r;
}

Value DropRecord(const std::string& id, std::int64_t rows, bool dry_run, TimePoint now) {
  Value r = RecordEnvelope("outbox.drop", now);
  r.set("id", id);
  r.set("dropped", rows);
  if (dry_run) r.set("dry_run", true);
  return r;
}

Value CursorRecord(std::int64_t since, std::int64_t next, std::int64_t lines, const std::string& kiosk,
                   TimePoint now) {
  Value r = RecordEnvelope("outbox.cursor", now);
  r.set("kiosk", kiosk);
  r.set("since", since);
  r.set("cursor", next);
  r.set("lines", lines);
  return r;
}

Value MergeRecord(const MergeReport& m, TimePoint now) {
  Value r = RecordEnvelope("outbox.merge", now);
  r.set("added", m.elements_added);
  r.set("duplicate", m.elements_duplicate);
  r.set("conflict", m.elements_conflict);
  r.set("unknown_queue", m.elements_unknown_queue);
  r.set("deliveries_changed", m.deliveries_changed);
  r.set("deliveries_kept", m.deliveries_kept);
  r.set("skipped", m.poisoned);
  return r;
}

std::string MergeSummary(const MergeReport& m) {
  std::string s = "merged: " + std::to_string(m.elements_added) + " added, " + std::to_string(m.elements_duplicate) +
                  " duplicate, " + Plural(m.elements_conflict, "conflict", "conflicts") + "; " +
                  Plural(m.deliveries_changed, "delivery row", "delivery rows") + " changed, " +
                  std::to_string(m.deliveries_kept) + " kept";
  if (m.elements_unknown_queue > 0) s += "; " + std::to_string(m.elements_unknown_queue) + " in queues not configured here";
  if (m.poisoned > 0) s += "; " + std::to_string(m.poisoned) + " bad lines skipped";
  return s;
}

std::string PutSummary(const std::string& queue, std::size_t batches, const PutCounts& t) {
  std::size_t records = t.added + t.duplicate + t.conflict + t.refused;
  std::string s = queue + ": " + Plural(records, "record", "records") + " in " + Plural(batches, "batch", "batches") +
                  ": " + std::to_string(t.added) + " added, " + std::to_string(t.duplicate) + " duplicate, " +
                  Plural(t.conflict, "conflict", "conflicts") + ", " + std::to_string(t.shed) + " shed";
  if (t.refused > 0) s += ", " + std::to_string(t.refused) + " refused";
  return s;
}

}  // namespace evt::outbox
