// The records evt-outbox's own commands write (schemas/records/outbox.*.json):
// outbox.put per batch, outbox.conflict per refused record, outbox.shed per
// record shed to make room, outbox.status per queue and destination.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

// What one `put` batch was: its number in the run (1-based) and how many
// records it held.
struct PutBatch {
  std::string queue;
  std::size_t number = 0;
  std::size_t records = 0;
  std::size_t sampled_out = 0;  // offered but not stored: sampled out, or "ship": "rollups"
};

Value PutRecord(const PutBatch& batch, const PutReport& report, TimePoint now);
// The stored and the offered record (queue "" when unknown: a merge's), both as JSON. DataErr when either line
// is not JSON (the store never holds such a line, so that is a broken store).
Result<Value> ConflictRecord(const std::string& queue, const std::string& id, const std::string& stored_line,
                             const std::string& offered_line, TimePoint now);
// `for_queue` is the queue whose put needed the room.
Value ShedRecordOf(const ShedRecord& shed, const std::string& for_queue, TimePoint now);
Value StatusRecord(const QueueStats& stats, TimePoint now);
// outbox.record: a held record with its delivery rows (`list`).
Result<Value> ListedRecordOf(const ListedRecord& listed, TimePoint now);
// outbox.retry and outbox.drop: what `retry` and `drop` changed (or would).
Value RetryRecord(const std::string& destination, const std::optional<std::string>& id, std::int64_t rows,
                  bool dry_run, TimePoint now);
Value DropRecord(const std::string& id, std::int64_t rows, bool dry_run, TimePoint now);
// outbox.cursor, the last line of an export: where it started and where the
// next one starts.
Value CursorRecord(std::int64_t since, std::int64_t next, std::int64_t lines, const std::string& kiosk, TimePoint now);
// outbox.merge: what a merge took.
Value MergeRecord(const MergeReport& report, TimePoint now);
std::string MergeSummary(const MergeReport& report);

// "orders: 2 records in 1 batch: 1 added, 1 duplicate, 0 conflicts, 0 shed":
// what a person at a terminal reads instead of the records.
std::string PutSummary(const std::string& queue, std::size_t batches, const PutCounts& totals);

}  // namespace evt::outbox
