#include "tools/failover/canary_store.h"

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/sql_statement.h"
#include "common/sql_transaction.h"
#include "tools/failover/failover_store.h"

namespace evt::failover {

const char* const kCanaryTablesSql = R"sql(
CREATE TABLE canary (
  route TEXT PRIMARY KEY,
  canary TEXT NOT NULL,
  baseline TEXT NOT NULL,
  steps TEXT NOT NULL,
  step INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  state TEXT NOT NULL,
  why TEXT NOT NULL,
  holder_pid INTEGER NOT NULL,
  holder_start INTEGER NOT NULL,
  holder_host TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  abort_requested INTEGER NOT NULL DEFAULT 0,
  canary_down_ms INTEGER
) WITHOUT ROWID;
CREATE TABLE canary_steps (
  id INTEGER PRIMARY KEY,
  route TEXT NOT NULL,
  step INTEGER NOT NULL,
  percent INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  score REAL NOT NULL,
  metrics TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX canary_steps_route ON canary_steps (route, id);
)sql";

namespace {

constexpr const char* kColumns =
    "route, canary, baseline, steps, step, passed, failed, state, why, holder_pid, holder_start, holder_host, "
    "started_ms, updated_ms, abort_requested, canary_down_ms";

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMs(std::int64_t ms) { return TimePoint(Duration(ms)); }

// Names and percentages from the config: ToJson cannot fail on them.
template <typename T>
std::string ArrayJson(const std::vector<T>& items) {
  Value v = Value::array();
  for (const T& item : items) v.push_back(item);
  Result<std::string> json = ToJson(v);
  return json.ok() ? *json : "[]";
}

Result<Value> ParseArray(const std::string& text, const char* column) {
  EVT_ASSIGN_OR_RETURN(Value v, ParseJson(text, std::string("failover.db: canary.") + column));
  if (!v.is_array()) return Status::DataErr(std::string("failover.db: canary.") + column + ": expected an array");
  return v;
}

Result<CanaryState> StateFromName(const std::string& name) {
  for (CanaryState s : {CanaryState::kRunning, CanaryState::kHolding, CanaryState::kPromoted, CanaryState::kRolledBack})
    if (CanaryStateName(s) == name) return s;
  return Status::DataErr("failover.db: canary.state: unknown state \"" + name + "\"");
}

Result<CanaryRun> ReadRun(const Statement& st) {
  CanaryRun r;
  r.route = st.ColumnText(0);
  r.canary = st.ColumnText(1);
  EVT_ASSIGN_OR_RETURN(Value baseline, ParseArray(st.ColumnText(2), "baseline"));
  for (const Value& b : baseline.as_array()) {
    if (!b.is_string()) return Status::DataErr("failover.db: canary.baseline: expected member names");
    r.baseline.push_back(b.as_string());
  }
  EVT_ASSIGN_OR_RETURN(Value steps, ParseArray(st.ColumnText(3), "steps"));
  for (const Value& s : steps.as_array()) {
    if (!s.is_int()) return Status::DataErr("failover.db: canary.steps: expected percentages");
    r.steps.push_back(static_cast<int>(s.as_int()));
  }
  r.step = static_cast<int>(st.ColumnInt64(4));
  r.passed = static_cast<int>(st.ColumnInt64(5));
  r.failed = static_cast<int>(st.ColumnInt64(6));
  EVT_ASSIGN_OR_RETURN(r.state, StateFromName(st.ColumnText(7)));
  r.why = st.ColumnText(8);
  r.holder = LeaseHolder{st.ColumnInt64(9), st.ColumnInt64(10), st.ColumnText(11)};
  r.started = FromMs(st.ColumnInt64(12));
  r.updated = FromMs(st.ColumnInt64(13));
  r.abort_requested = st.ColumnInt64(14) != 0;
  if (!st.ColumnIsNull(15)) r.canary_down = FromMs(st.ColumnInt64(15));
  return r;
}

Result<std::optional<CanaryRun>> LoadOne(Store& store, const std::string& route) {
  EVT_ASSIGN_OR_RETURN(Statement st, store.Prepare(std::string("SELECT ") + kColumns + " FROM canary WHERE route = ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({route}));
  EVT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<CanaryRun>();
  EVT_ASSIGN_OR_RETURN(CanaryRun run, ReadRun(st));
  return std::optional(std::move(run));
}

Status Insert(Store& store, const CanaryRun& r) {
  EVT_ASSIGN_OR_RETURN(Statement st, store.Prepare(std::string("INSERT OR REPLACE INTO canary (") + kColumns +
                                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                                   "?13, ?14, 0, NULL)"));
  EVT_RETURN_IF_ERROR(st.BindAll({r.route, r.canary, ArrayJson(r.baseline), ArrayJson(r.steps), r.step, r.passed,
                                  r.failed, CanaryStateName(r.state), r.why, r.holder.pid, r.holder.start_ticks,
                                  r.holder.host, Ms(r.started), Ms(r.updated)}));
  return st.Run();
}

Status Update(Store& store, const CanaryRun& r) {
  EVT_ASSIGN_OR_RETURN(Statement st, store.Prepare("UPDATE canary SET step = ?2, passed = ?3, failed = ?4, state = ?5, "
                                                   "why = ?6, holder_pid = ?7, holder_start = ?8, holder_host = ?9, "
                                                   "updated_ms = ?10 WHERE route = ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({r.route, r.step, r.passed, r.failed, CanaryStateName(r.state), r.why, r.holder.pid,
                                  r.holder.start_ticks, r.holder.host, Ms(r.updated)}));
  return st.Run();
}

std::string HolderText(const LeaseHolder& h) {
  return "pid " + std::to_string(h.pid) + (h.host.empty() ? "" : " on " + h.host);
}

}  // namespace

std::string_view CanaryStateName(CanaryState state) {
  switch (state) {
    case CanaryState::kRunning: return "running";
    case CanaryState::kHolding: return "holding";
    case CanaryState::kPromoted: return "promoted";
    case CanaryState::kRolledBack: return "rolled_back";
  }
  return "running";
}

Result<CanaryStore> CanaryStore::Open(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::Open(state_dir, "failover", FailoverMigrations()));
  return CanaryStore(std::move(store));
}

Result<CanaryStore> CanaryStore::OpenReadOnly(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenReadOnly(state_dir, "failover", FailoverMigrations()));
  return CanaryStore(std::move(store));
}

Result<CanaryStore> CanaryStore::OpenMemory() {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenMemory("failover", FailoverMigrations()));
  return CanaryStore(std::move(store));
}

Result<std::optional<CanaryRun>> CanaryStore::Load(const std::string& route) { return LoadOne(*store_, route); }

Result<std::vector<CanaryRun>> CanaryStore::LoadAll() {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare(std::string("SELECT ") + kColumns + " FROM canary ORDER BY route"));
  std::vector<CanaryRun> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    EVT_ASSIGN_OR_RETURN(CanaryRun run, ReadRun(st));
    out.push_back(std::move(run));
  }
  return out;
}

Result<CanaryRun> CanaryStore::Acquire(const CanaryRun& fresh) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*store_, TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(std::optional<CanaryRun> stored, LoadOne(*store_, fresh.route));
  if (!stored || !stored->Leases()) {
    EVT_RETURN_IF_ERROR(Insert(*store_, fresh));
    EVT_RETURN_IF_ERROR(tx.Commit());
    return fresh;
  }
  if (HolderAlive(stored->holder) && stored->state == CanaryState::kRunning)
    return Status::TempFail("canary: route \"" + fresh.route + "\" has a canary of \"" + stored->canary +
                            "\" run by " + HolderText(stored->holder) + " since " + FormatRfc3339(stored->started));
  if (stored->canary != fresh.canary)
    return Status::Usage("canary: route \"" + fresh.route + "\" has a canary of \"" + stored->canary + "\" " +
                         std::string(CanaryStateName(stored->state)) + " at step " + std::to_string(stored->step + 1) +
                         "; resume it with --to " + stored->canary + " or end it with `canary abort " + fresh.route + "`");
  CanaryRun taken = *stored;
  taken.holder = fresh.holder;
  taken.state = CanaryState::kRunning;
  taken.why.clear();
  taken.updated = fresh.updated;
  EVT_RETURN_IF_ERROR(Update(*store_, taken));
  EVT_RETURN_IF_ERROR(tx.Commit());
  return taken;
}

Status CanaryStore::Save(const CanaryRun& run) { return Update(*store_, run); }

Status CanaryStore::SaveStep(const CanaryRun& run, const CanaryStepRow& s) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*store_, TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("INSERT INTO canary_steps (route, step, percent, verdict, score, "
                                                     "metrics, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  EVT_RETURN_IF_ERROR(st.BindAll({s.route, s.step, s.percent, s.verdict, s.score, s.metrics, Ms(s.at)}));
  EVT_RETURN_IF_ERROR(st.Run());
  EVT_RETURN_IF_ERROR(Update(*store_, run));
  return tx.Commit();
}

Result<std::vector<CanaryStepRow>> CanaryStore::Steps(const std::string& route, int limit) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("SELECT route, step, percent, verdict, score, metrics, at_ms FROM "
                                                     "(SELECT * FROM canary_steps WHERE route = ?1 ORDER BY id DESC "
                                                     "LIMIT ?2) ORDER BY id"));
  EVT_RETURN_IF_ERROR(st.BindAll({route, limit}));
  std::vector<CanaryStepRow> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(CanaryStepRow{st.ColumnText(0), static_cast<int>(st.ColumnInt64(1)),
                                static_cast<int>(st.ColumnInt64(2)), st.ColumnText(3), st.ColumnDouble(4),
                                st.ColumnText(5), FromMs(st.ColumnInt64(6))});
  }
  return out;
}

Status CanaryStore::RequestAbort(const std::string& route) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("UPDATE canary SET abort_requested = 1 WHERE route = ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({route}));
  return st.Run();
}

Status CanaryStore::MarkCanaryDown(const std::string& route, TimePoint at) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("UPDATE canary SET canary_down_ms = ?2 WHERE route = ?1 AND "
                                                     "canary_down_ms IS NULL"));
  EVT_RETURN_IF_ERROR(st.BindAll({route, Ms(at)}));
  return st.Run();
}

Status CanaryStore::ClearCanaryDown(const std::string& route) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("UPDATE canary SET canary_down_ms = NULL WHERE route = ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({route}));
  return st.Run();
}

}  // namespace evt::failover
