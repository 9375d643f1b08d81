#include "tools/token/scan_store.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "common/canonical_json.h"
#include "tools/token/token_schema.h"

namespace evt::token {
namespace {

constexpr std::string_view kColumns =
    "SELECT seq, id, kind, jti, gate, type, hlc_wall, hlc_logical, code_step, reason, quarantined_ms "
    "FROM sync_set ";

SyncElement ElementFromRow(const Statement& row) {
  SyncElement out;
  out.seq = row.ColumnInt64(0);
  out.quarantined = !row.ColumnIsNull(10);
  Hlc hlc{row.ColumnInt64(6), row.ColumnInt64(7)};
  if (row.ColumnText(2) == "scan") {
    ScanEvent e{row.ColumnText(1), row.ColumnText(3), row.ColumnText(4),
                row.ColumnText(5) == "exit" ? ScanType::kExit : ScanType::kEntry, hlc, std::nullopt};
    if (!row.ColumnIsNull(8)) e.code_step = row.ColumnInt64(8);
    out.scan = std::move(e);
  } else {
    out.revocation = Revocation{row.ColumnText(1), row.ColumnText(3), row.ColumnText(4), row.ColumnText(9), hlc};
  }
  return out;
}

// One rule for every id-keyed store: the same id holds the same element
// when their records (without envelope) have the same canonical JSON.
Value Content(const ScanEvent* scan, const Revocation* revocation) {
  Value fields = Value::object({{"kind", scan ? "scan.event" : "revocation"}});
  if (scan) AddScanEventFields(fields, *scan);
  if (revocation) AddRevocationFields(fields, *revocation);
  return fields;
}

bool SameContent(const SyncElement& here, const ScanEvent* scan, const Revocation* revocation) {
  return SameCanonicalJson(Content(here.scan ? &*here.scan : nullptr, here.revocation ? &*here.revocation : nullptr),
                           Content(scan, revocation));
}

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }

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
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
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

Result<Statement*> ScanStore::Cached(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) {
    found->second.Reset();
    return &found->second;
  }
  Result<Statement> prepared = store_.Prepare(sql);
  if (!prepared.ok()) return prepared.status();
  return &statements_.emplace(std::string(sql), std::move(*prepared)).first->second;
}

Result<Hlc> ScanStore::ReadClock() {
  Result<Statement*> read = Cached("SELECT wall, logical FROM hlc WHERE id = 1");
  if (!read.ok()) return read.status();
  Result<bool> row = (*read)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::DataErr(store_.name() + ": the scan clock row is missing");
  Hlc hlc{(*read)->ColumnInt64(0), (*read)->ColumnInt64(1)};
  // Rewound now: a statement left on a row would hold its read snapshot.
  (*read)->Reset();
  return hlc;
}

Status ScanStore::WriteClock(Hlc hlc) {
  Result<Statement*> write = Cached("UPDATE hlc SET wall = ?1, logical = ?2 WHERE id = 1");
  if (!write.ok()) return write.status();
  EVT_RETURN_IF_ERROR((*write)->BindAll({hlc.wall, hlc.logical}));
  return (*write)->Run();
}

Result<Hlc> ScanStore::NextTimestamp(TimePoint now) {
  Result<Hlc> last = ReadClock();
  if (!last.ok()) return last.status();
  std::optional<Hlc> next = HlcTick(*last, now.time_since_epoch().count());
  if (!next) {
    return Status::DataErr(store_.name() + ": the scan clock is at its end (a merged element dragged it there); "
                           "run `evt-token scans clock rebase --yes`");
  }
  EVT_RETURN_IF_ERROR(WriteClock(*next));
  return *next;
}

Status ScanStore::InsertScan(const ScanEvent& e) {
  Result<Statement*> insert = Cached(
      "INSERT INTO sync_set (id, kind, jti, gate, type, hlc_wall, hlc_logical, code_step) "
      "VALUES (?1, 'scan', ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert.ok()) return insert.status();
  EVT_RETURN_IF_ERROR((*insert)->BindAll({e.id, e.jti, e.gate, ScanTypeName(e.type), e.hlc.wall, e.hlc.logical,
                                       e.code_step ? SqlValue(*e.code_step) : SqlValue(nullptr)}));
  return (*insert)->Run();
}

Status ScanStore::InsertRevocation(const Revocation& r) {
  Result<Statement*> insert = Cached(
      "INSERT INTO sync_set (id, kind, jti, gate, hlc_wall, hlc_logical, reason) "
      "VALUES (?1, 'revocation', ?2, ?3, ?4, ?5, ?6)");
  if (!insert.ok()) return insert.status();
  EVT_RETURN_IF_ERROR((*insert)->BindAll({r.id, r.jti, r.gate, r.hlc.wall, r.hlc.logical,
                                       r.reason.empty() ? SqlValue(nullptr) : SqlValue(r.reason)}));
  return (*insert)->Run();
}

Result<std::vector<SyncElement>> ScanStore::Query(std::string_view where, const SqlValue& param) {
  Result<Statement*> query = Cached(std::string(kColumns) + std::string(where));
  if (!query.ok()) return query.status();
  if (!std::holds_alternative<std::nullptr_t>(param.get())) EVT_RETURN_IF_ERROR((*query)->Bind(1, param));
  std::vector<SyncElement> out;
  while (true) {
    Result<bool> row = (*query)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back(ElementFromRow(**query));
  }
}

Result<std::vector<ScanEvent>> ScanStore::ScansOf(const std::string& jti) {
  Result<std::vector<SyncElement>> rows = Query("WHERE jti = ?1 AND kind = 'scan'", jti);
  if (!rows.ok()) return rows.status();
  std::vector<ScanEvent> out;
  for (SyncElement& row : *rows) out.push_back(std::move(*row.scan));
  return out;
}

Result<std::optional<Revocation>> ScanStore::FirstRevocation(const std::string& jti) {
  Result<std::vector<SyncElement>> rows =
      Query("WHERE jti = ?1 AND kind = 'revocation' ORDER BY hlc_wall, hlc_logical, gate, id LIMIT 1", jti);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Revocation>();
  return std::optional<Revocation>(std::move(*rows->front().revocation));
}

Result<std::optional<SyncElement>> ScanStore::FindById(const std::string& id) {
  Result<std::vector<SyncElement>> rows = Query("WHERE id = ?1", id);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<SyncElement>();
  return std::optional<SyncElement>(std::move(rows->front()));
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
  ScanEvent e{std::move(*id), request.jti, request.gate, request.type, *hlc, request.code_step};
  EVT_RETURN_IF_ERROR(InsertScan(e));
  decision.result = request.type == ScanType::kEntry ? ScanResult::kAdmitted : ScanResult::kExited;
  decision.recorded = std::move(e);
  return decision;
}

Result<ScanDecision> ScanStore::Scan(const ScanRequest& request, TimePoint now) {
  return InWriteTransaction(store_, in_batch(), [&] { return ScanInTransaction(request, now); });
}

Result<Revocation> ScanStore::Revoke(const std::string& jti, const std::string& gate, const std::string& reason,
                                     TimePoint now) {
  return InWriteTransaction(store_, in_batch(), [&]() -> Result<Revocation> {
    Result<Hlc> hlc = NextTimestamp(now);
    if (!hlc.ok()) return hlc.status();
    Result<std::string> id = NewElementId();
    if (!id.ok()) return id.status();
    Revocation r{std::move(*id), jti, gate, reason, *hlc};
    EVT_RETURN_IF_ERROR(InsertRevocation(r));
    return r;
  });
}

Result<MergeCounts> ScanStore::Merge(const std::vector<ScanEvent>& scans,
                                     const std::vector<Revocation>& revocations, const DriftLimit& drift) {
  return InWriteTransaction(store_, in_batch(), [&]() -> Result<MergeCounts> {
    MergeCounts counts;
    Result<Hlc> clock = ReadClock();
    if (!clock.ok()) return clock.status();
    Hlc seen = *clock;
    auto add = [&](const std::string& id, const std::string& jti, Hlc hlc, const ScanEvent* scan,
                   const Revocation* revocation) -> Status {
      Result<std::optional<SyncElement>> here = FindById(id);
      if (!here.ok()) return here.status();
      if (here->has_value()) {
        ++(SameContent(**here, scan, revocation) ? counts.known : counts.conflicting);
        return Status::Ok();
      }
      EVT_RETURN_IF_ERROR(scan ? InsertScan(*scan) : InsertRevocation(*revocation));
      ++counts.added;
      counts.touched_jtis.push_back(jti);
      if (HlcWithinDrift(hlc, Millis(drift.now), drift.max_drift.count())) {
        seen = HlcObserve(seen, hlc);
        return Status::Ok();
      }
      ++counts.quarantined;
      return MarkQuarantined(id, drift.now);
    };
    for (const ScanEvent& e : scans) EVT_RETURN_IF_ERROR(add(e.id, e.jti, e.hlc, &e, nullptr));
    for (const Revocation& r : revocations) EVT_RETURN_IF_ERROR(add(r.id, r.jti, r.hlc, nullptr, &r));
    if (seen != *clock) EVT_RETURN_IF_ERROR(WriteClock(seen));
    std::sort(counts.touched_jtis.begin(), counts.touched_jtis.end());
    counts.touched_jtis.erase(std::unique(counts.touched_jtis.begin(), counts.touched_jtis.end()),
                              counts.touched_jtis.end());
    return counts;
  });
}

Status ScanStore::MarkQuarantined(const std::string& id, TimePoint now) {
  Result<Statement*> mark = Cached("UPDATE sync_set SET quarantined_ms = ?2 WHERE id = ?1 AND quarantined_ms IS NULL");
  if (!mark.ok()) return mark.status();
  EVT_RETURN_IF_ERROR((*mark)->BindAll({id, Millis(now)}));
  return (*mark)->Run();
}

Result<ClockRebase> ScanStore::RebaseClock(const DriftLimit& drift, bool dry_run) {
  auto rebase_clock = [&]() -> Result<ClockRebase> {
    ClockRebase rebase;
    Result<Hlc> clock = ReadClock();
    if (!clock.ok()) return clock.status();
    rebase.before = *clock;
    Result<std::vector<SyncElement>> all = Query("WHERE quarantined_ms IS NULL ORDER BY seq", nullptr);
    if (!all.ok()) return all.status();
    for (const SyncElement& e : *all) {
      Hlc hlc = e.scan ? e.scan->hlc : e.revocation->hlc;
      if (HlcWithinDrift(hlc, Millis(drift.now), drift.max_drift.count())) {
        rebase.after = HlcObserve(rebase.after, hlc);
        continue;
      }
      ++rebase.quarantined;
      if (!dry_run) EVT_RETURN_IF_ERROR(MarkQuarantined(e.scan ? e.scan->id : e.revocation->id, drift.now));
    }
    if (!dry_run && rebase.after != rebase.before) EVT_RETURN_IF_ERROR(WriteClock(rebase.after));
    return rebase;
  };
  // A dry run only reads (its store may be open read-only): one snapshot.
  if (!dry_run) return InWriteTransaction(store_, in_batch(), rebase_clock);
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kRead);
  if (!tx.ok()) return tx.status();
  return rebase_clock();
}

Result<std::vector<SyncElement>> ScanStore::Quarantined() {
  return Query("WHERE quarantined_ms IS NOT NULL ORDER BY seq", nullptr);
}

Result<std::vector<SyncElement>> ScanStore::Export(std::int64_t since) {
  return Query("WHERE seq > ?1 ORDER BY seq", since);
}

Result<std::vector<std::vector<ScanEvent>>> ScanStore::ScansByTicket() {
  Result<std::vector<SyncElement>> rows = Query("WHERE kind = 'scan' ORDER BY jti", nullptr);
  if (!rows.ok()) return rows.status();
  std::vector<std::vector<ScanEvent>> out;
  for (SyncElement& row : *rows) {
    if (out.empty() || out.back().front().jti != row.scan->jti) out.emplace_back();
    out.back().push_back(std::move(*row.scan));
  }
  return out;
}

Result<std::vector<Revocation>> ScanStore::Revocations() {
  Result<std::vector<SyncElement>> rows = Query("WHERE kind = 'revocation' ORDER BY jti, id", nullptr);
  if (!rows.ok()) return rows.status();
  std::vector<Revocation> out;
  for (SyncElement& row : *rows) out.push_back(std::move(*row.revocation));
  return out;
}

}  // namespace evt::token
