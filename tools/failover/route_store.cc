#include "tools/failover/route_store.h"

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/sql_statement.h"
#include "common/sql_transaction.h"
#include "tools/failover/failover_store.h"

namespace evt::failover {

const char* const kRouteTablesSql = R"sql(
CREATE TABLE route_applied (
  route TEXT PRIMARY KEY,
  weights TEXT NOT NULL,
  applied_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE route_mode (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  mode TEXT NOT NULL,
  until_ms INTEGER,
  since_ms INTEGER NOT NULL,
  by TEXT NOT NULL,
  tokens TEXT NOT NULL
);
CREATE TABLE mode_requests (
  id INTEGER PRIMARY KEY,
  mode TEXT NOT NULL,
  for_ms INTEGER,
  by TEXT NOT NULL
);
)sql";

namespace {

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMs(std::int64_t ms) { return TimePoint(Duration(ms)); }

// Member names and tokens came from the config and the drivers: valid
// UTF-8, so ToJson cannot fail; the fallback keeps the column well formed.
std::string JsonOr(const Value& v, const char* fallback) {
  Result<std::string> json = ToJson(v);
  return json.ok() ? *json : fallback;
}

std::string WeightsJson(const std::vector<MemberWeight>& weights) {
  Value v = Value::array();
  for (const MemberWeight& w : weights) v.push_back(Value::array({w.member, w.weight}));
  return JsonOr(v, "[]");
}

Result<std::vector<MemberWeight>> ParseWeights(const std::string& text) {
  EVT_ASSIGN_OR_RETURN(Value v, ParseJson(text, "route_applied.weights"));
  std::vector<MemberWeight> out;
  if (!v.is_array()) return Status::DataErr("failover.db: route_applied.weights: expected an array");
  for (const Value& pair : v.as_array()) {
    if (!pair.is_array() || pair.as_array().size() != 2 || !pair.as_array()[0].is_string() || !pair.as_array()[1].is_int())
      return Status::DataErr("failover.db: route_applied.weights: expected [member, weight] pairs");
    out.push_back(MemberWeight{pair.as_array()[0].as_string(), static_cast<int>(pair.as_array()[1].as_int())});
  }
  return out;
}

std::string TokensJson(const std::map<std::string, std::string>& tokens) {
  Value v = Value::object();
  for (const auto& [driver, token] : tokens) v.set(driver, token);
  return JsonOr(v, "{}");
}

Result<std::map<std::string, std::string>> ParseTokens(const std::string& text) {
  EVT_ASSIGN_OR_RETURN(Value v, ParseJson(text, "route_mode.tokens"));
  std::map<std::string, std::string> out;
  if (!v.is_object()) return Status::DataErr("failover.db: route_mode.tokens: expected an object");
  for (const auto& [driver, token] : v.as_object()) {
    if (!token.is_string()) return Status::DataErr("failover.db: route_mode.tokens: expected strings");
    out[driver] = token.as_string();
  }
  return out;
}

}  // namespace

Result<RouteStore> RouteStore::Open(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::Open(state_dir, "failover", FailoverMigrations()));
  return RouteStore(std::move(store));
}

Result<RouteStore> RouteStore::OpenMemory() {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenMemory("failover", FailoverMigrations()));
  return RouteStore(std::move(store));
}

Status RouteStore::SaveApplied(const AppliedWeights& a) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("INSERT OR REPLACE INTO route_applied (route, weights, applied_ms) "
                                                     "VALUES (?1, ?2, ?3)"));
  EVT_RETURN_IF_ERROR(st.BindAll({a.route, WeightsJson(a.weights), Ms(a.at)}));
  return st.Run();
}

Result<std::vector<AppliedWeights>> RouteStore::LoadApplied() {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("SELECT route, weights, applied_ms FROM route_applied"));
  std::vector<AppliedWeights> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    EVT_ASSIGN_OR_RETURN(std::vector<MemberWeight> weights, ParseWeights(st.ColumnText(1)));
    out.push_back(AppliedWeights{st.ColumnText(0), std::move(weights), FromMs(st.ColumnInt64(2))});
  }
  return out;
}

Result<ModeState> RouteStore::LoadMode() {
  EVT_ASSIGN_OR_RETURN(Statement st,
                       store_->Prepare("SELECT mode, until_ms, since_ms, by, tokens FROM route_mode WHERE id = 1"));
  EVT_ASSIGN_OR_RETURN(bool row, st.Step());
  ModeState m;
  if (!row) return m;
  m.mode = st.ColumnText(0);
  if (!st.ColumnIsNull(1)) m.until = FromMs(st.ColumnInt64(1));
  m.since = FromMs(st.ColumnInt64(2));
  m.by = st.ColumnText(3);
  EVT_ASSIGN_OR_RETURN(m.restore_tokens, ParseTokens(st.ColumnText(4)));
  return m;
}

Status RouteStore::SaveMode(const ModeState& m) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("INSERT OR REPLACE INTO route_mode (id, mode, until_ms, since_ms, "
                                                     "by, tokens) VALUES (1, ?1, ?2, ?3, ?4, ?5)"));
  EVT_RETURN_IF_ERROR(st.BindAll({m.mode, m.until ? SqlValue(Ms(*m.until)) : SqlValue(nullptr), Ms(m.since), m.by,
                                  TokensJson(m.restore_tokens)}));
  return st.Run();
}

Status RouteStore::RequestMode(const ModeRequest& r) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("INSERT INTO mode_requests (mode, for_ms, by) VALUES (?1, ?2, ?3)"));
  EVT_RETURN_IF_ERROR(
      st.BindAll({r.mode, r.how_long ? SqlValue(static_cast<std::int64_t>(r.how_long->count())) : SqlValue(nullptr), r.by}));
  return st.Run();
}

Result<std::vector<ModeRequest>> RouteStore::TakeModeRequests() {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*store_, TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(Statement st, store_->Prepare("SELECT id, mode, for_ms, by FROM mode_requests ORDER BY id"));
  std::vector<ModeRequest> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ModeRequest r{st.ColumnInt64(0), st.ColumnText(1), std::nullopt, st.ColumnText(3)};
    if (!st.ColumnIsNull(2)) r.how_long = Duration(st.ColumnInt64(2));
    out.push_back(std::move(r));
  }
  if (out.empty()) return out;
  EVT_ASSIGN_OR_RETURN(Statement del, store_->Prepare("DELETE FROM mode_requests"));
  EVT_RETURN_IF_ERROR(del.Run());
  EVT_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Status RouteStore::AppendHistory(const std::vector<std::string>& records) {
  if (records.empty()) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*store_, TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(Statement add, store_->Prepare("INSERT INTO history (record) VALUES (?1)"));
  for (const std::string& r : records) {
    EVT_RETURN_IF_ERROR(add.BindAll({r}));
    EVT_RETURN_IF_ERROR(add.Run());
  }
  return tx.Commit();
}

}  // namespace evt::failover
