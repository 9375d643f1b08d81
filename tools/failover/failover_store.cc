#include "tools/failover/failover_store.h"

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/sql_statement.h"
#include "common/sql_transaction.h"
#include "tools/failover/canary_store.h"
#include "tools/failover/route_store.h"

namespace evt::failover {
namespace {

const std::vector<Migration> kMigrations = {
    {1, R"sql(
CREATE TABLE decider (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  active TEXT NOT NULL,
  active_since_ms INTEGER,
  forced TEXT NOT NULL,
  forced_until_ms INTEGER
);
CREATE TABLE path_state (
  name TEXT PRIMARY KEY,
  health INTEGER NOT NULL,
  degraded INTEGER NOT NULL,
  penalty REAL NOT NULL,
  penalty_at_ms INTEGER NOT NULL,
  suppressed_since_ms INTEGER,
  suppressed_until_ms INTEGER,
  healthy_since_ms INTEGER
) WITHOUT ROWID;
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  record TEXT NOT NULL
);
CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  release INTEGER NOT NULL,
  path TEXT NOT NULL,
  for_ms INTEGER NOT NULL
);
)sql"},
    // Switches leave the history through `state prune`; their count stays.
    {2, R"sql(
CREATE TABLE pruned_switches (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  count INTEGER NOT NULL,
  last_ts TEXT NOT NULL
);
)sql"},
    // Traffic steering (route_store.h).
    {3, kRouteTablesSql},
    // Each path's latest latencies (recent_latency.h), a JSON array of ms.
    {4, R"sql(
CREATE TABLE path_latency (
  name TEXT PRIMARY KEY,
  recent_ms TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
    // The canary's lease, progress and judged steps (canary_store.h).
    {5, kCanaryTablesSql},
};

constexpr const char* kIsSwitch = "json_extract(record, '$.event') = 'switch'";

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMs(std::int64_t ms) { return TimePoint(Duration(ms)); }
SqlValue OptionalMs(const std::optional<TimePoint>& t) { return t ? SqlValue(Ms(*t)) : SqlValue(nullptr); }
std::optional<TimePoint> ColumnTime(const Statement& st, int col) {
  if (st.ColumnIsNull(col)) return std::nullopt;
  return FromMs(st.ColumnInt64(col));
}

Status SavePaths(Store& store, const std::vector<PathSnapshot>& paths,
                 const std::map<std::string, PathSnapshot>& saved) {
  Result<Statement> st = store.Prepare(
      "INSERT OR REPLACE INTO path_state (name, health, degraded, penalty, penalty_at_ms, suppressed_since_ms, "
      "suppressed_until_ms, healthy_since_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!st.ok()) return st.status();
  for (const PathSnapshot& p : paths) {
    auto it = saved.find(p.name);
    if (it != saved.end() && it->second == p) continue;
    EVT_RETURN_IF_ERROR(st->BindAll({p.name, p.health, p.degraded ? 1 : 0, p.damping.penalty,
                                     Ms(p.damping.penalty_at), OptionalMs(p.damping.suppressed_since),
                                     OptionalMs(p.damping.suppressed_until), OptionalMs(p.healthy_since)}));
    EVT_RETURN_IF_ERROR(st->Run());
  }
  return Status::Ok();
}

Status WriteRecentLatencies(Store& store, const LatenciesByPath& recent) {
  EVT_ASSIGN_OR_RETURN(Statement st, store.Prepare("INSERT INTO path_latency (name, recent_ms) VALUES (?1, ?2) "
                                                   "ON CONFLICT (name) DO UPDATE SET recent_ms = excluded.recent_ms"));
  for (const auto& [path, values] : recent) {
    Value array = Value::array();
    for (double ms : values) array.push_back(ms);
    EVT_ASSIGN_OR_RETURN(std::string json, ToJson(array));
    st.Reset();
    EVT_RETURN_IF_ERROR(st.BindAll({path, json}));
    EVT_RETURN_IF_ERROR(st.Run());
  }
  return Status::Ok();
}

}  // namespace

const std::vector<Migration>& FailoverMigrations() { return kMigrations; }

Result<FailoverStore> FailoverStore::Open(const std::string& state_dir) {
  Result<Store> store = Store::Open(state_dir, "failover", kMigrations);
  if (!store.ok()) return store.status();
  return FailoverStore(std::move(*store), state_dir);
}

Result<FailoverStore> FailoverStore::OpenMemory() {
  Result<Store> store = Store::OpenMemory("failover", kMigrations);
  if (!store.ok()) return store.status();
  return FailoverStore(std::move(*store), "");
}

Result<std::optional<DeciderSnapshot>> FailoverStore::LoadSnapshot() {
  Result<Transaction> tx = Transaction::Begin(*store_, TxMode::kRead);
  if (!tx.ok()) return tx.status();
  Result<Statement> top =
      store_->Prepare("SELECT active, active_since_ms, forced, forced_until_ms FROM decider WHERE id = 1");
  if (!top.ok()) return top.status();
  Result<bool> row = top->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<DeciderSnapshot>();
  DeciderSnapshot s;
  s.active = top->ColumnText(0);
  s.active_since = ColumnTime(*top, 1);
  s.forced = top->ColumnText(2);
  s.forced_until = ColumnTime(*top, 3);
  Result<Statement> paths = store_->Prepare(
      "SELECT name, health, degraded, penalty, penalty_at_ms, suppressed_since_ms, suppressed_until_ms, "
      "healthy_since_ms FROM path_state");
  if (!paths.ok()) return paths.status();
  while (true) {
    Result<bool> more = paths->Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
    PathSnapshot p;
    p.name = paths->ColumnText(0);
    p.health = static_cast<int>(paths->ColumnInt64(1));
    p.degraded = paths->ColumnInt64(2) != 0;
    p.damping.penalty = paths->ColumnDouble(3);
    p.damping.penalty_at = FromMs(paths->ColumnInt64(4));
    p.damping.suppressed_since = ColumnTime(*paths, 5);
    p.damping.suppressed_until = ColumnTime(*paths, 6);
    p.healthy_since = ColumnTime(*paths, 7);
    saved_paths_[p.name] = p;
    s.paths.push_back(std::move(p));
  }
  return std::optional<DeciderSnapshot>(std::move(s));
}

Status FailoverStore::Save(const DeciderSnapshot& s, const std::vector<std::string>& records,
                           const LatenciesByPath* recent) {
  Result<Transaction> tx = Transaction::Begin(*store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Statement> top = store_->Prepare(
      "INSERT OR REPLACE INTO decider (id, active, active_since_ms, forced, forced_until_ms) "
      "VALUES (1, ?1, ?2, ?3, ?4)");
  if (!top.ok()) return top.status();
  EVT_RETURN_IF_ERROR(top->BindAll({s.active, OptionalMs(s.active_since), s.forced, OptionalMs(s.forced_until)}));
  EVT_RETURN_IF_ERROR(top->Run());
  EVT_RETURN_IF_ERROR(SavePaths(*store_, s.paths, saved_paths_));
  if (!records.empty()) {
    Result<Statement> add = store_->Prepare("INSERT INTO history (record) VALUES (?1)");
    if (!add.ok()) return add.status();
    for (const std::string& r : records) {
      EVT_RETURN_IF_ERROR(add->BindAll({r}));
      EVT_RETURN_IF_ERROR(add->Run());
    }
  }
  if (recent) EVT_RETURN_IF_ERROR(WriteRecentLatencies(*store_, *recent));
  EVT_RETURN_IF_ERROR(tx->Commit());
  for (const PathSnapshot& p : s.paths) saved_paths_[p.name] = p;
  return Status::Ok();
}

Result<std::vector<PrunedRows>> FailoverStore::PruneBefore(TimePoint cutoff) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*store_, TxMode::kWrite));
  // Record times are RFC 3339 in UTC with milliseconds, so they sort as text.
  EVT_ASSIGN_OR_RETURN(Statement tally,
                       store_->Prepare(std::string("INSERT INTO pruned_switches (id, count, last_ts) "
                                                   "SELECT 1, count(*), max(json_extract(record, '$.ts')) FROM history "
                                                   "WHERE ") +
                                       kIsSwitch +
                                       " AND json_extract(record, '$.ts') < ?1 HAVING count(*) > 0 "
                                       "ON CONFLICT (id) DO UPDATE SET count = count + excluded.count, "
                                       "last_ts = max(last_ts, excluded.last_ts)"));
  const std::string before = FormatRfc3339(cutoff);
  EVT_RETURN_IF_ERROR(tally.BindAll({before}));
  EVT_RETURN_IF_ERROR(tally.Run());
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("DELETE FROM history WHERE json_extract(record, '$.ts') < ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({before}));
  EVT_RETURN_IF_ERROR(st.Run());
  const std::int64_t removed = store_->changes();
  // A canary's judged steps go with it once it has ended (canary_store.h);
  // one still holding its route keeps them for `canary status`.
  EVT_ASSIGN_OR_RETURN(Statement steps, store_->Prepare("DELETE FROM canary_steps WHERE at_ms < ?1 AND route NOT IN "
                                                        "(SELECT route FROM canary WHERE state IN ('running', 'holding'))"));
  EVT_RETURN_IF_ERROR(steps.BindAll({Ms(cutoff)}));
  EVT_RETURN_IF_ERROR(steps.Run());
  const std::int64_t removed_steps = store_->changes();
  EVT_RETURN_IF_ERROR(tx.Commit());
  return std::vector<PrunedRows>{{"history records", removed}, {"canary steps", removed_steps}};
}

Result<SwitchTally> FailoverStore::Switches() {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*store_, TxMode::kRead));
  EVT_ASSIGN_OR_RETURN(
      Statement st,
      store_->Prepare(std::string("SELECT count(*), max(json_extract(record, '$.ts')) FROM history WHERE ") + kIsSwitch +
                      " UNION ALL SELECT count, last_ts FROM pruned_switches"));
  SwitchTally tally;
  std::string newest;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    tally.count += st.ColumnInt64(0);
    if (!st.ColumnIsNull(1)) newest = std::max(newest, st.ColumnText(1));
  }
  if (newest.empty()) return tally;
  Result<TimePoint> last = ParseRfc3339(newest);
  if (!last.ok()) return Status::DataErr("failover history: a switch record's ts: " + last.status().message());
  tally.last = *last;
  return tally;
}

Result<std::vector<std::string>> FailoverStore::History(std::int64_t limit) {
  Result<Statement> st = store_->Prepare(
      "SELECT record FROM (SELECT id, record FROM history ORDER BY id DESC LIMIT ?1) ORDER BY id");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({limit}));
  std::vector<std::string> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(st->ColumnText(0));
  }
  return out;
}

Status FailoverStore::AddRequest(bool release, const std::string& path, Duration how_long) {
  Result<Transaction> tx = Transaction::Begin(*store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Statement> st = store_->Prepare("INSERT INTO requests (release, path, for_ms) VALUES (?1, ?2, ?3)");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({release ? 1 : 0, path, static_cast<std::int64_t>(how_long.count())}));
  EVT_RETURN_IF_ERROR(st->Run());
  return tx->Commit();
}

Status FailoverStore::RequestForce(const std::string& path, Duration how_long) {
  return AddRequest(false, path, how_long);
}
Status FailoverStore::RequestRelease() { return AddRequest(true, "", Duration(0)); }

Result<bool> FailoverStore::ForceWaiting() {
  Result<Statement> st = store_->Prepare("SELECT release FROM requests ORDER BY id DESC LIMIT 1");
  if (!st.ok()) return st.status();
  Result<bool> row = st->Step();
  if (!row.ok()) return row.status();
  return *row && st->ColumnInt64(0) == 0;
}

Result<std::vector<ForceRequest>> FailoverStore::TakeRequests() {
  Result<Transaction> tx = Transaction::Begin(*store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Statement> st = store_->Prepare("SELECT id, release, path, for_ms FROM requests ORDER BY id");
  if (!st.ok()) return st.status();
  std::vector<ForceRequest> out;
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back({st->ColumnInt64(0), st->ColumnInt64(1) != 0, st->ColumnText(2), Duration(st->ColumnInt64(3))});
  }
  if (out.empty()) return out;
  EVT_RETURN_IF_ERROR(store_->Exec("DELETE FROM requests"));
  EVT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<LatenciesByPath> FailoverStore::RecentLatencies() {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("SELECT name, recent_ms FROM path_latency ORDER BY name"));
  LatenciesByPath recent;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string name = st.ColumnText(0);
    Result<Value> parsed = ParseJson(st.ColumnText(1), "failover.db path_latency");
    if (!parsed.ok() || !parsed->is_array()) return Status::DataErr("failover.db: path_latency of " + name + ": not a JSON array");
    std::vector<double>& values = recent[name];
    for (const Value& v : parsed->as_array()) {
      if (v.is_number()) values.push_back(v.as_double());
    }
  }
  return recent;
}

}  // namespace evt::failover
