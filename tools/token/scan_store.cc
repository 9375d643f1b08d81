#include "tools/token/scan_store.h"

#include <algorithm>
#include <chrono>
#include <utility>
#include <variant>

#include "tools/token/token_schema.h"

namespace evt::token {
namespace {

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }

GsetDriftBound Bound(const DriftLimit& drift) { return {Millis(drift.now), drift.max_drift.count()}; }

SyncElement ToSyncElement(GsetEntry<SyncItem> entry) {
  SyncElement out{entry.seq, entry.quarantined, std::nullopt, std::nullopt};
  if (auto* scan = std::get_if<ScanEvent>(&entry.element)) {
    out.scan = std::move(*scan);
  } else {
    out.revocation = std::move(std::get<Revocation>(entry.element));
  }
  return out;
}

Result<std::vector<SyncElement>> ToSyncElements(Result<std::vector<GsetEntry<SyncItem>>> entries) {
  if (!entries.ok()) return entries.status();
  std::vector<SyncElement> out;
  out.reserve(entries->size());
  for (GsetEntry<SyncItem>& e : *entries) out.push_back(ToSyncElement(std::move(e)));
  return out;
}

// Runs `work` in the open batch, or in a write transaction of its own.
template <typename Work>
auto InWriteTransaction(Store& store, bool in_batch, Work work) -> decltype(work()) {
  if (in_batch) return work();
  Result<Transaction> tx = Transaction::Begin(store, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  auto result = work();
  if (!result.ok()) return result;
  EVT_RETURN_IF_ERROR(tx->Commit());
  return result;
}

}  // namespace

std::string_view ScanResultName(ScanResult result) {
  switch (result) {
    case ScanResult::kAdmitted: return "admitted";
    case ScanResult::kExited: return "exited";
    case ScanResult::kAlreadyAdmitted: return "already_admitted";
    case ScanResult::kNotInside: return "not_inside";
    case ScanResult::kRevoked: return "revoked";
    case ScanResult::kCodeReused: return "code_reused";
  }
  return "?";
}

Result<ScanStore> ScanStore::Open(const std::string& state_dir) {
  StoreOptions options;
  options.synchronous = Synchronous::kFull;
  Result<Store> store = Store::Open(state_dir, "token", TokenMigrations(), options);
  if (!store.ok()) return store.status();
  return ScanStore(std::move(*store));
}

Result<ScanStore> ScanStore::OpenReadOnly(const std::string& state_dir) {
  Result<Store> store = Store::OpenReadOnly(state_dir, "token", TokenMigrations());
  if (!store.ok()) return store.status();
  return ScanStore(std::move(*store));
}

Result<ScanStore> ScanStore::OpenMemory() {
  Result<Store> store = Store::OpenMemory("token", TokenMigrations());
  if (!store.ok()) return store.status();
  return ScanStore(std::move(*store));
}

Status ScanStore::BeginBatch() {
  if (batch_) return Status::Internal("scan store: a batch is already open");
  Result<Transaction> tx = Transaction::Begin(set_.db().store(), TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  batch_.emplace(std::move(*tx));
  return Status::Ok();
}

Status ScanStore::CommitBatch() {
  if (!batch_) return Status::Ok();
  Status committed = batch_->Commit();
  batch_.reset();
  return committed;
}

Result<Hlc> ScanStore::ReadClock() {
  Result<Statement*> read = set_.db().Get("SELECT wall, logical FROM hlc WHERE id = 1");
  if (!read.ok()) return read.status();
  Result<bool> row = (*read)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::DataErr(set_.db().store().name() + ": the scan clock row is missing");
  Hlc hlc{(*read)->ColumnInt64(0), (*read)->ColumnInt64(1)};
  // Rewound now: a statement left on a row would hold its read snapshot.
  (*read)->Reset();
  return hlc;
}

Status ScanStore::WriteClock(Hlc hlc) {
  Result<Statement*> write = set_.db().Get("UPDATE hlc SET wall = ?1, logical = ?2 WHERE id = 1");
  if (!write.ok()) return write.status();
  EVT_RETURN_IF_ERROR((*write)->BindAll({hlc.wall, hlc.logical}));
  return (*write)->Run();
}

Result<Hlc> ScanStore::NextTimestamp(TimePoint now) {
  Result<Hlc> last = ReadClock();
  if (!last.ok()) return last.status();
  std::optional<Hlc> next = HlcTick(*last, now.time_since_epoch().count());
  if (!next) {
    return Status::DataErr(set_.db().store().name() +
                           ": the scan clock is at its end (a merged element dragged it there); "
                           "run `evt-token scans clock rebase --yes`");
  }
  EVT_RETURN_IF_ERROR(WriteClock(*next));
  return *next;
}

Result<std::vector<ScanEvent>> ScanStore::ScansOf(const std::string& jti) {
  Result<std::vector<GsetEntry<SyncItem>>> rows = set_.Select("WHERE jti = ?1 AND kind = 'scan'", {jti});
  if (!rows.ok()) return rows.status();
  std::vector<ScanEvent> out;
  out.reserve(rows->size());
  for (GsetEntry<SyncItem>& row : *rows) out.push_back(std::get<ScanEvent>(std::move(row.element)));
  return out;
}

Result<std::vector<ScanEvent>> ScanStore::ScansOf(const std::string& jti, std::int64_t up_to_seq) {
  Result<std::vector<GsetEntry<SyncItem>>> rows =
      set_.Select("WHERE jti = ?1 AND kind = 'scan' AND seq <= ?2", {jti, up_to_seq});
  if (!rows.ok()) return rows.status();
  std::vector<ScanEvent> out;
  out.reserve(rows->size());
  for (GsetEntry<SyncItem>& row : *rows) out.push_back(std::get<ScanEvent>(std::move(row.element)));
  return out;
}

Result<std::int64_t> ScanStore::LastSeq() {
  Result<Statement*> read = set_.db().Get("SELECT coalesce(max(seq), 0) FROM sync_set");
  if (!read.ok()) return read.status();
  Result<bool> row = (*read)->Step();
  if (!row.ok()) return row.status();
  std::int64_t seq = *row ? (*read)->ColumnInt64(0) : 0;
  (*read)->Reset();  // a statement left on a row would hold its read snapshot
  return seq;
}

Status ScanStore::ForEachJtiScannedAfter(std::int64_t after_seq,
                                         const std::function<Status(const std::string&)>& each) {
  Result<Statement*> jtis =
      set_.db().Get("SELECT DISTINCT jti FROM sync_set WHERE kind = 'scan' AND seq > ?1 ORDER BY jti");
  if (!jtis.ok()) return jtis.status();
  EVT_RETURN_IF_ERROR((*jtis)->BindAll({after_seq}));
  Status status = Status::Ok();
  while (status.ok()) {
    Result<bool> row = (*jtis)->Step();
    if (!row.ok()) {
      status = row.status();
    } else if (!*row) {
      break;
    } else {
      status = each((*jtis)->ColumnText(0));
    }
  }
  (*jtis)->Reset();
  return status;
}

Result<std::optional<Revocation>> ScanStore::FirstRevocation(const std::string& jti) {
  Result<std::vector<GsetEntry<SyncItem>>> rows = set_.Select(
      "WHERE jti = ?1 AND kind = 'revocation' ORDER BY hlc_wall, hlc_logical, gate, id LIMIT 1", {jti});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Revocation>();
  return std::optional<Revocation>(std::get<Revocation>(std::move(rows->front().element)));
}

Result<ScanDecision> ScanStore::ScanInTransaction(const ScanRequest& request, TimePoint now) {
  ScanDecision decision;
  Result<std::optional<Revocation>> revoked = FirstRevocation(request.jti);
  if (!revoked.ok()) return revoked.status();
  if (revoked->has_value()) {
    decision.result = ScanResult::kRevoked;
    decision.revocation = std::move(**revoked);
    return decision;
  }
  Result<std::vector<ScanEvent>> scans = ScansOf(request.jti);
  if (!scans.ok()) return scans.status();
  if (request.code_step) {
    for (const ScanEvent& e : *scans) {
      if (e.code_step == request.code_step) {
        decision.result = ScanResult::kCodeReused;
        return decision;
      }
    }
  }
  Admission admission = SummarizeScans(std::move(*scans), request.policy);
  if (request.type == ScanType::kEntry) {
    bool refused = request.policy == ReentryPolicy::kSingle ? admission.first.has_value() : admission.inside();
    if (refused) {
      decision.result = ScanResult::kAlreadyAdmitted;
      decision.first = admission.first;
      return decision;
    }
  } else if (!admission.inside()) {
    decision.result = ScanResult::kNotInside;
    decision.first = admission.first;
    return decision;
  }
  Result<Hlc> hlc = NextTimestamp(now);
  if (!hlc.ok()) return hlc.status();
  Result<std::string> id = NewElementId();
  if (!id.ok()) return id.status();
  SyncItem e = ScanEvent{std::move(*id), request.jti, request.gate, request.type, *hlc, request.code_step};
  EVT_RETURN_IF_ERROR(set_.Insert(e));
  decision.result = request.type == ScanType::kEntry ? ScanResult::kAdmitted : ScanResult::kExited;
  decision.recorded = std::get<ScanEvent>(std::move(e));
  return decision;
}

Result<ScanDecision> ScanStore::Scan(const ScanRequest& request, TimePoint now) {
  return InWriteTransaction(set_.db().store(), in_batch(), [&] { return ScanInTransaction(request, now); });
}

Result<Revocation> ScanStore::Revoke(const std::string& jti, const std::string& gate, const std::string& reason,
                                     TimePoint now) {
  return InWriteTransaction(set_.db().store(), in_batch(), [&]() -> Result<Revocation> {
    Result<Hlc> hlc = NextTimestamp(now);
    if (!hlc.ok()) return hlc.status();
    Result<std::string> id = NewElementId();
    if (!id.ok()) return id.status();
    SyncItem r = Revocation{std::move(*id), jti, gate, reason, *hlc};
    EVT_RETURN_IF_ERROR(set_.Insert(r));
    return std::get<Revocation>(std::move(r));
  });
}

// The set decides what is new; the gate's clock moves past what was added
// on time, and a conflict keeps what was here.
Result<MergeCounts> ScanStore::Merge(const std::vector<ScanEvent>& scans,
                                     const std::vector<Revocation>& revocations, const DriftLimit& drift) {
  std::vector<SyncItem> incoming(scans.begin(), scans.end());
  incoming.insert(incoming.end(), revocations.begin(), revocations.end());
  return InWriteTransaction(set_.db().store(), in_batch(), [&]() -> Result<MergeCounts> {
    Result<Hlc> clock = ReadClock();
    if (!clock.ok()) return clock.status();
    Result<SyncSet::Report> report = set_.Merge(incoming, Bound(drift));
    if (!report.ok()) return report.status();
    MergeCounts counts;
    counts.added = report->counts.added + report->counts.quarantined;
    counts.known = report->counts.duplicate;
    counts.conflicting = report->counts.conflict;
    counts.quarantined = report->counts.quarantined;
    Hlc seen = *clock;
    for (std::size_t i = 0; i < incoming.size(); ++i) {
      GsetOutcome outcome = report->outcomes[i];
      if (outcome == GsetOutcome::kAdded) seen = HlcObserve(seen, SyncItemHlc(incoming[i]));
      if (outcome == GsetOutcome::kAdded || outcome == GsetOutcome::kQuarantined) {
        counts.touched_jtis.push_back(SyncItemJti(incoming[i]));
      }
    }
    if (seen != *clock) EVT_RETURN_IF_ERROR(WriteClock(seen));
    std::sort(counts.touched_jtis.begin(), counts.touched_jtis.end());
    counts.touched_jtis.erase(std::unique(counts.touched_jtis.begin(), counts.touched_jtis.end()),
                              counts.touched_jtis.end());
    return counts;
  });
}

Result<ClockRebase> ScanStore::RebaseInTransaction(const DriftLimit& drift, bool dry_run) {
  ClockRebase rebase;
  Result<Hlc> clock = ReadClock();
  if (!clock.ok()) return clock.status();
  rebase.before = *clock;
  Result<GsetRebound<SyncItem>> rebound = set_.QuarantinePast(Bound(drift), dry_run);
  if (!rebound.ok()) return rebound.status();
  for (const SyncItem& e : rebound->on_time) rebase.after = HlcObserve(rebase.after, SyncItemHlc(e));
  rebase.quarantined = rebound->quarantined;
  if (!dry_run && rebase.after != rebase.before) EVT_RETURN_IF_ERROR(WriteClock(rebase.after));
  return rebase;
}

Result<ClockRebase> ScanStore::RebaseClock(const DriftLimit& drift, bool dry_run) {
  auto rebase_clock = [&] { return RebaseInTransaction(drift, dry_run); };
  // A dry run only reads (its store may be open read-only): one snapshot.
  if (!dry_run) return InWriteTransaction(set_.db().store(), in_batch(), rebase_clock);
  Result<Transaction> tx = Transaction::Begin(set_.db().store(), TxMode::kRead);
  if (!tx.ok()) return tx.status();
  return rebase_clock();
}

Result<std::vector<SyncElement>> ScanStore::Quarantined() { return ToSyncElements(set_.Quarantined()); }

Result<std::vector<SyncElement>> ScanStore::Export(std::int64_t since) { return ToSyncElements(set_.Export(since)); }

Result<std::vector<SyncElement>> ScanStore::Export(std::int64_t since, std::size_t limit) {
  return ToSyncElements(set_.Select("WHERE seq > ?1 ORDER BY seq LIMIT ?2", {since, static_cast<std::int64_t>(limit)}));
}

Status ScanStore::ForEachTicket(const std::function<Status(std::vector<ScanEvent>)>& each) {
  std::vector<ScanEvent> ticket;
  EVT_RETURN_IF_ERROR(set_.ForEach("WHERE kind = 'scan' ORDER BY jti", {}, [&](GsetEntry<SyncItem>&& row) {
    ScanEvent& scan = std::get<ScanEvent>(row.element);
    if (!ticket.empty() && ticket.front().jti != scan.jti) EVT_RETURN_IF_ERROR(each(std::exchange(ticket, {})));
    ticket.push_back(std::move(scan));
    return Status::Ok();
  }));
  return ticket.empty() ? Status::Ok() : each(std::move(ticket));
}

Result<std::vector<std::vector<ScanEvent>>> ScanStore::ScansByTicket() {
  std::vector<std::vector<ScanEvent>> out;
  EVT_RETURN_IF_ERROR(ForEachTicket([&out](std::vector<ScanEvent> ticket) {
    out.push_back(std::move(ticket));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Revocation>> ScanStore::Revocations() {
  Result<std::vector<GsetEntry<SyncItem>>> rows = set_.Select("WHERE kind = 'revocation' ORDER BY jti, id");
  if (!rows.ok()) return rows.status();
  std::vector<Revocation> out;
  for (GsetEntry<SyncItem>& row : *rows) out.push_back(std::get<Revocation>(std::move(row.element)));
  return out;
}

}  // namespace evt::token
