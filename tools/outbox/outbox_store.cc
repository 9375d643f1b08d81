#include "tools/outbox/outbox_store.h"

#include <algorithm>
#include <utility>

#include "tools/outbox/change_clock.h"
#include "tools/outbox/delivery_rows.h"
#include "tools/outbox/outbox_queries.h"
#include "tools/outbox/outbox_replication.h"
#include "tools/outbox/outbox_shedding.h"

namespace evt::outbox {
namespace {

constexpr std::string_view kTool = "outbox";

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }

StoreOptions DurableOptions() {
  StoreOptions options;
  options.synchronous = Synchronous::kFull;
  return options;
}

PutReport RefusedBatch(const std::vector<OutboxRecord>& batch, Status why) {
  PutReport report;
  for (const OutboxRecord& r : batch) report.results.push_back(PutResult{r.id, PutOutcome::kRefusedFull, ""});
  report.counts.refused = batch.size();
  report.refused = std::move(why);
  return report;
}

// A record no shedding can make room for refuses its batch before anything is written.
std::optional<Status> Oversized(const OutboxLayout& layout, const QueueSpec& spec,
                                const std::vector<OutboxRecord>& batch) {
  std::int64_t bound = std::min(spec.bound_bytes, layout.bound_bytes);
  for (const OutboxRecord& r : batch) {
    auto bytes = static_cast<std::int64_t>(r.line.size());
    if (bytes > bound) {
      return Status::TempFail("record " + r.id + " (" + std::to_string(bytes) + " bytes) is larger than queue " +
                              spec.name + "'s bound (" + std::to_string(bound) +
                              " bytes); nothing of this batch was stored");
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view PutOutcomeName(PutOutcome outcome) {
  switch (outcome) {
    case PutOutcome::kAdded: return "added";
    case PutOutcome::kDuplicate: return "duplicate";
    case PutOutcome::kConflict: return "conflict";
    case PutOutcome::kRefusedFull: return "refused_full";
  }
  return "added";
}

OutboxStore::OutboxStore(Store store) : set_(std::move(store)) {}

Result<OutboxStore> OutboxStore::Open(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::Open(state_dir, kTool, OutboxMigrations(), DurableOptions()));
  return OutboxStore(std::move(store));
}

Result<OutboxStore> OutboxStore::OpenReadOnly(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenReadOnly(state_dir, kTool, OutboxMigrations(), DurableOptions()));
  return OutboxStore(std::move(store));
}

Result<OutboxStore> OutboxStore::OpenMemory() {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenMemory(kTool, OutboxMigrations(), DurableOptions()));
  return OutboxStore(std::move(store));
}

Result<PutReport> OutboxStore::Put(const OutboxLayout& layout, const std::string& queue,
                                   std::vector<OutboxRecord> batch, TimePoint now) {
  const QueueSpec* spec = layout.Find(queue);
  if (spec == nullptr) return Status::Usage("queue " + queue + " is not in the config's outbox.queues");
  if (std::optional<Status> oversized = Oversized(layout, *spec, batch)) return RefusedBatch(batch, *oversized);
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(set_.db().store(), TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(ChangeClock clock, ChangeClock::Load(set_.db()));
  PutReport report;
  report.results.reserve(batch.size());
  for (OutboxRecord& r : batch) {
    r.captured_ms = Millis(now);
    SetElement e{std::move(r), 0, true};
    EVT_ASSIGN_OR_RETURN(GsetMatch<SetElement> match, set_.Match(e));
    PutResult& result = report.results.emplace_back(PutResult{e.record.id, PutOutcome::kAdded, ""});
    if (match.outcome == GsetOutcome::kDuplicate) {
      result.outcome = PutOutcome::kDuplicate;
      ++report.counts.duplicate;
      continue;
    }
    if (match.outcome == GsetOutcome::kConflict) {
      result.outcome = PutOutcome::kConflict;
      result.stored_line = std::move(match.here->record.line);
      ++report.counts.conflict;
      continue;
    }
    e.seq = clock.Next();
    EVT_RETURN_IF_ERROR(set_.Insert(e));
    for (const std::string& destination : spec->destinations) {
      EVT_RETURN_IF_ERROR(InsertPendingDelivery(set_.db(), clock, e.record.id, destination, e.record.captured_ms));
    }
    ++report.counts.added;
  }
  EVT_ASSIGN_OR_RETURN(Room room, MakeRoom(set_.db(), layout, *spec));
  if (room.refused) {
    EVT_RETURN_IF_ERROR(tx.Rollback());
    return RefusedBatch(batch, *room.refused);
  }
  EVT_RETURN_IF_ERROR(clock.Save(set_.db()));
  EVT_RETURN_IF_ERROR(tx.Commit());
  report.counts.shed = room.shed.size();
  report.shed = std::move(room.shed);
  return report;
}

Result<std::vector<DueDelivery>> OutboxStore::Due(const std::string& destination, TimePoint now,
                                                  std::size_t limit) {
  EVT_ASSIGN_OR_RETURN(std::vector<DueRow> rows, SelectDue(set_.db(), destination, Millis(now), limit));
  std::vector<DueDelivery> out;
  out.reserve(rows.size());
  for (DueRow& row : rows) out.push_back(DueDelivery{std::move(row.record), std::move(row.delivery)});
  return out;
}

Result<bool> OutboxStore::ChangeRow(const std::string& id, const std::string& destination,
                                    const std::function<void(Delivery&)>& change) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(set_.db().store(), TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(std::optional<Delivery> row, outbox::FindDelivery(set_.db(), id, destination));
  if (!row) {
    return Status::DataErr("no delivery of record " + id + " to " + destination + " in " + set_.db().store().name());
  }
  if (IsFinal(row->state)) return false;
  EVT_ASSIGN_OR_RETURN(ChangeClock clock, ChangeClock::Load(set_.db()));
  change(*row);
  EVT_RETURN_IF_ERROR(WriteDelivery(set_.db(), clock, *row));
  EVT_RETURN_IF_ERROR(clock.Save(set_.db()));
  EVT_RETURN_IF_ERROR(tx.Commit());
  return true;
}

Result<bool> OutboxStore::MarkDelivered(const std::string& id, const std::string& destination, TimePoint now,
                                        int status, const std::string& kiosk) {
  return ChangeRow(id, destination, [&](Delivery& d) {
    d.state = DeliveryState::kDelivered;
    ++d.attempts;
    d.last_status = status;
    d.last_error.clear();
    d.updated_ms = Millis(now);
    d.by = kiosk;
  });
}

Result<bool> OutboxStore::MarkRetry(const std::string& id, const std::string& destination, TimePoint now,
                                    TimePoint next_attempt, int status, const std::string& error,
                                    const std::string& kiosk) {
  return ChangeRow(id, destination, [&](Delivery& d) {
    d.state = DeliveryState::kPending;
    ++d.attempts;
    d.next_attempt_ms = Millis(next_attempt);
    d.last_status = status;
    d.last_error = error;
    d.updated_ms = Millis(now);
    d.by = kiosk;
  });
}

Result<bool> OutboxStore::MarkDeadLettered(const std::string& id, const std::string& destination, TimePoint now,
                                           int status, const std::string& response_text, const std::string& kiosk) {
  return ChangeRow(id, destination, [&](Delivery& d) {
    d.state = DeliveryState::kDeadLettered;
    ++d.attempts;
    d.last_status = status;
    d.last_error = response_text;
    d.updated_ms = Millis(now);
    d.by = kiosk;
  });
}

Result<std::int64_t> OutboxStore::ChangeRows(const RowSelection& selection,
                                             const std::function<void(Delivery&)>& change) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(set_.db().store(), TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(std::vector<Delivery> rows, SelectRows(set_.db(), selection));
  EVT_ASSIGN_OR_RETURN(ChangeClock clock, ChangeClock::Load(set_.db()));
  for (Delivery& row : rows) {
    change(row);
    EVT_RETURN_IF_ERROR(WriteDelivery(set_.db(), clock, row));
  }
  EVT_RETURN_IF_ERROR(clock.Save(set_.db()));
  EVT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<std::int64_t>(rows.size());
}

Result<std::int64_t> OutboxStore::Retry(const std::string& destination, const std::optional<std::string>& id,
                                        TimePoint now, const std::string& kiosk) {
  RowSelection selection{id, destination, {DeliveryState::kDeadLettered}};
  return ChangeRows(selection, [&](Delivery& d) {
    d.state = DeliveryState::kPending;
    ++d.retries;
    d.next_attempt_ms = Millis(now);
    d.updated_ms = Millis(now);
    d.by = kiosk;
  });
}

Result<std::int64_t> OutboxStore::Drop(const std::string& id, TimePoint now, const std::string& kiosk) {
  EVT_ASSIGN_OR_RETURN(std::optional<OutboxRecord> record, Find(id));
  if (!record) return Status::DataErr("no record with id " + id + " in " + set_.db().store().name());
  RowSelection selection{id, std::nullopt, {DeliveryState::kPending, DeliveryState::kDeadLettered}};
  return ChangeRows(selection, [&](Delivery& d) {
    d.state = DeliveryState::kDropped;
    d.updated_ms = Millis(now);
    d.by = kiosk;
  });
}

Result<std::vector<QueueStats>> OutboxStore::Stats(const OutboxLayout& layout, TimePoint now) {
  return QueryStats(set_.db(), layout, Millis(now));
}

Result<std::vector<ListedRecord>> OutboxStore::List(const ListFilter& filter) { return QueryList(set_.db(), filter); }

Result<std::optional<OutboxRecord>> OutboxStore::Find(const std::string& id) {
  EVT_ASSIGN_OR_RETURN(std::optional<GsetEntry<SetElement>> entry, set_.Find(id));
  if (!entry) return std::optional<OutboxRecord>();
  return std::optional<OutboxRecord>(std::move(entry->element.record));
}

Result<std::optional<Delivery>> OutboxStore::FindDelivery(const std::string& id, const std::string& destination) {
  return outbox::FindDelivery(set_.db(), id, destination);
}

Result<ReplicaBatch> OutboxStore::ExportSince(std::int64_t cursor, std::size_t limit) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(set_.db().store(), TxMode::kRead));
  return ExportChanges(set_.db(), cursor, limit);
}

Result<MergeReport> OutboxStore::Merge(const OutboxLayout& layout, const std::vector<std::string>& lines,
                                       TimePoint /*now*/, PoisonPolicy poison) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(set_.db().store(), TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(ChangeClock clock, ChangeClock::Load(set_.db()));
  EVT_ASSIGN_OR_RETURN(MergeReport report, MergeLines(set_, clock, layout, lines, poison));
  EVT_RETURN_IF_ERROR(clock.Save(set_.db()));
  EVT_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Status OutboxStore::NotePeer(const std::string& kiosk, TimePoint now) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(set_.db().store(), TxMode::kWrite));
  EVT_RETURN_IF_ERROR(NotePeerIn(set_.db(), kiosk, now));
  return tx.Commit();
}

Result<std::optional<TimePoint>> OutboxStore::PeerLastSeen(const std::string& kiosk) {
  return QueryPeerLastSeen(set_.db(), kiosk);
}

}  // namespace evt::outbox
