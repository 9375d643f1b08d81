// The outbox's state, <state_root>/outbox.db (Synchronous::kFull: a put
// answers only once its batch survives a power cut): the records of every
// queue as a grow-only set keyed by id (outbox_set.h), a delivery row per
// record and destination (delivery_state.h), the shed counters, the peers
// last heard from. The only place evt-outbox's SQL lives. Every write is
// one transaction, so a kill -9 leaves the state before or after a whole
// call (a put's whole batch, a merge's whole input).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/pruned_rows.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"
#include "tools/outbox/delivery_rows.h"
#include "tools/outbox/delivery_state.h"
#include "tools/outbox/outbox_layout.h"
#include "tools/outbox/outbox_record.h"
#include "tools/outbox/outbox_set.h"
#include "tools/outbox/queue_class.h"

namespace evt::outbox {

// The bounds count a record's line length while it is held: while any of
// its delivery rows is pending, or, in a queue without destinations, for
// as long as it is kept.

enum class PutOutcome { kAdded, kDuplicate, kConflict, kRefusedFull };
std::string_view PutOutcomeName(PutOutcome outcome);  // "added", "duplicate", "conflict", "refused_full"

struct PutResult {
  std::string id;
  PutOutcome outcome = PutOutcome::kAdded;
  std::string stored_line;  // kConflict: the line stored under the id
};

struct PutCounts {
  std::size_t added = 0;
  std::size_t duplicate = 0;
  std::size_t conflict = 0;
  std::size_t refused = 0;
  std::size_t shed = 0;
};

struct PutReport {
  std::vector<PutResult> results;  // one per record of the batch, in its order
  std::vector<ShedRecord> shed;    // records deleted to make room, oldest first
  PutCounts counts;
  // Set when the batch was refused for room (TempFail, 75, saying which
  // bound): then every result is kRefusedFull, nothing of the batch was
  // stored and nothing was shed.
  std::optional<Status> refused;
};

struct DueDelivery {
  OutboxRecord record;
  Delivery delivery;
};

// One row of `status`: a queue and one of its destinations (destination ""
// for a queue without any).
struct QueueStats {
  std::string queue;
  QueueClass cls = QueueClass::kNonEssential;
  bool configured = true;  // false: in the store, not in the layout (merged from a peer)
  std::string destination;
  std::int64_t pending = 0;
  std::int64_t pending_bytes = 0;
  std::optional<std::int64_t> oldest_pending_age_ms;  // none pending: nullopt
  std::int64_t delivered = 0;
  std::int64_t retried = 0;  // attempts beyond the first, over every row
  std::int64_t dead_lettered = 0;
  std::int64_t dropped = 0;
  std::int64_t shed = 0;     // records of the queue shed so far (the queue's, on each of its rows)
};

struct ListFilter {
  std::optional<std::string> queue;
  std::optional<std::string> destination;
  std::optional<DeliveryState> state;  // set: only records with a row in this state
  std::size_t limit = 0;               // 0: all
};

// A record with the rows the filter selected (every row without a state
// filter; none for a queue without destinations).
struct ListedRecord {
  OutboxRecord record;
  std::vector<Delivery> deliveries;
};

struct ReplicaBatch {
  std::vector<std::string> lines;  // replica_wire.h, in change order
  std::int64_t next_cursor = 0;    // pass to the next ExportSince
  bool more = false;               // lines were left for the next batch
};

// What a merge could not take, with where (the 1-based index into its
// lines) and what.
struct MergeProblem {
  std::size_t line = 0;
  std::string what;
};

struct MergeConflict {
  std::string id;
  std::string here_line;      // kept
  std::string incoming_line;  // refused
};

struct MergeReport {
  std::size_t elements_added = 0;
  std::size_t elements_duplicate = 0;
  std::size_t elements_conflict = 0;
  std::size_t elements_unknown_queue = 0;  // added, but in a queue not in the layout: no rows here
  std::size_t deliveries_changed = 0;      // the incoming row won the join
  std::size_t deliveries_kept = 0;         // the row here won (or was the same)
  std::size_t poisoned = 0;
  std::vector<MergeConflict> conflicts;
  std::vector<MergeProblem> problems;  // poisoned lines
};

// What Merge does with a line it cannot read: skip it (counted, with a
// MergeProblem) and take the others, or refuse the whole input.
enum class PoisonPolicy { kSkip, kRefuseAll };

// Move-only; use from one thread at a time.
class OutboxStore {
 public:
  static Result<OutboxStore> Open(const std::string& state_dir);
  // For commands that only report (status, list, export): see Store::OpenReadOnly.
  static Result<OutboxStore> OpenReadOnly(const std::string& state_dir);
  static Result<OutboxStore> OpenMemory();  // for tests

  // Stores a batch for `queue` in one transaction (one fsync). Each record
  // is added, a duplicate (same id, same content: stored once), or a
  // conflict (same id, other content: the stored one kept, reported; the
  // others of the batch still go in). Each record added is captured at
  // `now` (its captured_ms is set so), with a pending row for each
  // destination of the queue, stamped and due at its capture, as a merge
  // on another kiosk makes it. Then the bounds: past the
  // queue's or the global bound, records are shed (deleted, counted per
  // queue) from the lowest class up, oldest first, never critical and never
  // of a class above the incoming queue's; when that cannot make room the
  // whole batch is refused (report.refused, TempFail) and the store is as
  // it was. A record bigger than its queue's bound refuses the batch too.
  // Usage when `queue` is not in the layout.
  // REQUIRES: every record's queue is `queue` and its line a JSON object.
  Result<PutReport> Put(const OutboxLayout& layout, const std::string& queue, std::vector<OutboxRecord> batch,
                        TimePoint now);

  // Pending rows of `destination` due at `now`, oldest captured first.
  Result<std::vector<DueDelivery>> Due(const std::string& destination, TimePoint now, std::size_t limit);
  // The row's moves. Each counts an attempt, stamps updated = now and by =
  // kiosk, and returns true. A row already final (delivered or dropped,
  // e.g. by a merge meanwhile) is left as it is: false. DataErr when there
  // is no row for (id, destination).
  Result<bool> MarkDelivered(const std::string& id, const std::string& destination, TimePoint now, int status,
                             const std::string& kiosk);
  Result<bool> MarkRetry(const std::string& id, const std::string& destination, TimePoint now,
                         TimePoint next_attempt, int status, const std::string& error, const std::string& kiosk);
  Result<bool> MarkDeadLettered(const std::string& id, const std::string& destination, TimePoint now, int status,
                                const std::string& response_text, const std::string& kiosk);
  // Dead-lettered rows of `destination` (or just `id`'s) back to pending,
  // due at once, each counting an operator retry. Returns how many.
  Result<std::int64_t> Retry(const std::string& destination, const std::optional<std::string>& id, TimePoint now,
                             const std::string& kiosk);
  // Every row of `id` not yet delivered to dropped. Returns how many rows
  // changed; DataErr when no record has this id.
  Result<std::int64_t> Drop(const std::string& id, TimePoint now, const std::string& kiosk);

  // A row per queue and destination of the layout, and per one found only
  // in the store.
  Result<std::vector<QueueStats>> Stats(const OutboxLayout& layout, TimePoint now);
  // The bytes counted against the bounds: of `queue`, or of all queues.
  Result<std::int64_t> HeldBytes(const std::optional<std::string>& queue);
  // Oldest captured first.
  Result<std::vector<ListedRecord>> List(const ListFilter& filter);
  Result<std::optional<OutboxRecord>> Find(const std::string& id);
  Result<std::optional<Delivery>> FindDelivery(const std::string& id, const std::string& destination);

  // Replication. Every element added and every delivery row changed after
  // `cursor`, in change order: at most `limit` lines (0: all of them). A
  // row changed twice is exported once, as it is now. Start from cursor 0.
  Result<ReplicaBatch> ExportSince(std::int64_t cursor, std::size_t limit);
  // Takes another kiosk's export in one transaction: elements join the set
  // (a conflict keeps the element here, reported), each element added gets
  // rows for the layout's destinations of its queue, delivery rows join
  // those here (JoinDelivery). Rows for a record not here are kept too, so
  // an export read in any order converges. No bounds are applied: a merged
  // record was already accepted by a kiosk. The rows made here for a merged
  // record are stamped and due at its capture (not `now`), as its origin
  // made them, so every kiosk makes the same rows and the join has nothing
  // to settle; `now` is kept for the callers' symmetry with Put.
  Result<MergeReport> Merge(const OutboxLayout& layout, const std::vector<std::string>& lines, TimePoint now,
                            PoisonPolicy poison = PoisonPolicy::kSkip);

  // For `state prune --older-than`: deletes the records every row of which
  // is final (delivered or dropped) and last changed before `cutoff`, with
  // their rows, in one transaction. Records still pending anywhere, and
  // those of queues without destinations (the bounds shed those), stay.
  // A pruned record merged again from a peer comes back with its final
  // rows, never as pending; prune well after every peer has synced.
  Result<std::vector<PrunedRows>> PruneBefore(TimePoint cutoff);

  // For takeover: when a kiosk was last heard from (a sync with it).
  Status NotePeer(const std::string& kiosk, TimePoint now);
  Result<std::optional<TimePoint>> PeerLastSeen(const std::string& kiosk);

  // The connection, for the s3 destination's segments (outbox_segment_store.h).
  StatementCache& db() { return set_.db(); }

 private:
  explicit OutboxStore(Store store);
  // One row changed in a transaction of its own; false when it was final.
  Result<bool> ChangeRow(const std::string& id, const std::string& destination,
                         const std::function<void(Delivery&)>& change);
  // The selected rows changed in one transaction; returns how many.
  Result<std::int64_t> ChangeRows(const RowSelection& selection, const std::function<void(Delivery&)>& change);

  OutboxSet set_;
};

}  // namespace evt::outbox
