#include "tools/runbook/dispatch_store.h"

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/sql_transaction.h"
#include "tools/runbook/audit_log.h"

namespace evt::runbook {

const std::string_view kDispatchTablesSql = R"sql(
CREATE TABLE dispatch_ledger (
  situation TEXT PRIMARY KEY,
  expires_ms INTEGER NOT NULL
);
CREATE TABLE dispatch_decisions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at_ms INTEGER NOT NULL,
  rule TEXT NOT NULL,
  runbook TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT NOT NULL,
  situation TEXT NOT NULL,
  trigger TEXT NOT NULL,
  vars TEXT NOT NULL,
  run_id TEXT,
  outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dispatch_decisions_at ON dispatch_decisions (at_ms);
CREATE TABLE dispatch_groups (
  rule TEXT NOT NULL,
  grp TEXT NOT NULL,
  opened_ms INTEGER NOT NULL,
  due_ms INTEGER NOT NULL,
  trigger TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (rule, grp)
);
CREATE TABLE dispatch_runs (
  decision_id TEXT PRIMARY KEY,
  runbook TEXT NOT NULL,
  began_ms INTEGER NOT NULL,
  ended_ms INTEGER
);
CREATE INDEX dispatch_runs_runbook ON dispatch_runs (runbook, began_ms);
CREATE TABLE dispatch_streaks (
  rule TEXT NOT NULL,
  subject TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (rule, subject)
);
CREATE TABLE dispatch_firing (
  fingerprint TEXT PRIMARY KEY,
  labels TEXT NOT NULL,
  seen_ms INTEGER NOT NULL
);
CREATE TABLE dispatch_approvals (
  decision_id TEXT PRIMARY KEY,
  asked_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  run_on_timeout INTEGER NOT NULL,
  state TEXT NOT NULL,
  who TEXT NOT NULL DEFAULT ''
);
)sql";

namespace {

std::int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMs(std::int64_t ms) { return TimePoint(Duration(ms)); }

std::string Json(const Value& v) {
  Result<std::string> text = ToJson(v);
  return text.ok() ? *text : "null";
}

Result<Value> ParseStored(const std::string& text, std::string_view column) {
  Result<Value> v = ParseJson(text, column);
  if (!v.ok()) return Status::DataErr("runbook.db: " + std::string(column) + ": " + v.status().message());
  return v;
}

// One statement in its own write transaction.
Status Write(Store& store, std::string_view sql, std::initializer_list<SqlValue> values) {
  Result<Transaction> tx = Transaction::Begin(store, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_ASSIGN_OR_RETURN(Statement st, store.Prepare(sql));
  EVT_RETURN_IF_ERROR(st.BindAll(values));
  EVT_RETURN_IF_ERROR(st.Run());
  return tx->Commit();
}

Status Run(Store& store, std::string_view sql, std::initializer_list<SqlValue> values) {
  EVT_ASSIGN_OR_RETURN(Statement st, store.Prepare(sql));
  EVT_RETURN_IF_ERROR(st.BindAll(values));
  return st.Run();
}

constexpr std::string_view kDecisionColumns =
    "id, at_ms, rule, runbook, action, reason, situation, trigger, vars, run_id, outcome";

Result<DecisionRow> ReadDecision(Statement& st) {
  DecisionRow row;
  row.id = st.ColumnText(0);
  row.at = FromMs(st.ColumnInt64(1));
  row.rule = st.ColumnText(2);
  row.runbook = st.ColumnText(3);
  row.action = st.ColumnText(4);
  row.reason = st.ColumnText(5);
  row.situation = st.ColumnText(6);
  EVT_ASSIGN_OR_RETURN(row.trigger, ParseStored(st.ColumnText(7), "dispatch_decisions.trigger"));
  EVT_ASSIGN_OR_RETURN(row.vars, ParseStored(st.ColumnText(8), "dispatch_decisions.vars"));
  if (!st.ColumnIsNull(9)) row.run_id = st.ColumnText(9);
  row.outcome = st.ColumnText(10);
  return row;
}

ApprovalRow ReadApproval(Statement& st) {
  ApprovalRow row;
  row.decision_id = st.ColumnText(0);
  row.asked_at = FromMs(st.ColumnInt64(1));
  row.expires_at = FromMs(st.ColumnInt64(2));
  row.run_on_timeout = st.ColumnInt64(3) != 0;
  row.state = st.ColumnText(4);
  row.who = st.ColumnText(5);
  return row;
}

constexpr std::string_view kApprovalColumns = "decision_id, asked_ms, expires_ms, run_on_timeout, state, who";

}  // namespace

Result<DispatchStore> DispatchStore::Open(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::Open(state_dir, "runbook", RunbookMigrations()));
  return DispatchStore(std::move(store));
}

Result<DispatchStore> DispatchStore::OpenReadOnly(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenReadOnly(state_dir, "runbook", RunbookMigrations()));
  return DispatchStore(std::move(store));
}

Result<DispatchStore> DispatchStore::OpenMemory() {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenMemory("runbook", RunbookMigrations()));
  return DispatchStore(std::move(store));
}

Result<bool> DispatchStore::ClaimSituation(const std::string& situation, TimePoint at, Duration ttl) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(Run(store_, "DELETE FROM dispatch_ledger WHERE expires_ms <= ?1", {Ms(at)}));
  EVT_RETURN_IF_ERROR(Run(store_, "INSERT OR IGNORE INTO dispatch_ledger (situation, expires_ms) VALUES (?1, ?2)",
                          {situation, Ms(at + ttl)}));
  bool fresh = store_.changes() > 0;
  EVT_RETURN_IF_ERROR(tx->Commit());
  return fresh;
}

Status DispatchStore::RecordDecision(const DecisionRow& row) {
  return Write(store_,
               "INSERT INTO dispatch_decisions (" + std::string(kDecisionColumns) +
                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
               {row.id, Ms(row.at), row.rule, row.runbook, row.action, row.reason, row.situation, Json(row.trigger),
                Json(row.vars), row.run_id ? SqlValue(*row.run_id) : SqlValue(nullptr), row.outcome});
}

Result<std::optional<DecisionRow>> DispatchStore::FindDecision(const std::string& id) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT " + std::string(kDecisionColumns) +
                                                    " FROM dispatch_decisions WHERE id = ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({id}));
  EVT_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return std::optional<DecisionRow>();
  EVT_ASSIGN_OR_RETURN(DecisionRow row, ReadDecision(st));
  return std::optional<DecisionRow>(std::move(row));
}

Result<std::vector<DecisionRow>> DispatchStore::ListDecisions(TimePoint since, std::size_t limit) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT " + std::string(kDecisionColumns) +
                                                    " FROM dispatch_decisions WHERE at_ms >= ?1 "
                                                    "ORDER BY seq DESC LIMIT ?2"));
  EVT_RETURN_IF_ERROR(st.BindAll({Ms(since), static_cast<std::int64_t>(limit)}));
  std::vector<DecisionRow> rows;
  for (;;) {
    EVT_ASSIGN_OR_RETURN(bool more, st.Step());
    if (!more) break;
    EVT_ASSIGN_OR_RETURN(DecisionRow row, ReadDecision(st));
    rows.push_back(std::move(row));
  }
  return rows;
}

Status DispatchStore::SetDecisionRun(const std::string& id, const std::string& run_id) {
  return Write(store_, "UPDATE dispatch_decisions SET run_id = ?2 WHERE id = ?1", {id, run_id});
}

Status DispatchStore::SetDecisionOutcome(const std::string& id, const std::string& outcome) {
  return Write(store_, "UPDATE dispatch_decisions SET outcome = ?2 WHERE id = ?1", {id, outcome});
}

Result<PendingGroup> DispatchStore::JoinGroup(const std::string& rule, const std::string& group,
                                              const Value& trigger, TimePoint now, TimePoint due_at) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(Run(store_,
                          "INSERT INTO dispatch_groups (rule, grp, opened_ms, due_ms, trigger, count) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, 1) ON CONFLICT (rule, grp) DO UPDATE SET "
                          "trigger = excluded.trigger, count = count + 1",
                          {rule, group, Ms(now), Ms(due_at), Json(trigger)}));
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT opened_ms, due_ms, count FROM dispatch_groups "
                                                    "WHERE rule = ?1 AND grp = ?2"));
  EVT_RETURN_IF_ERROR(st.BindAll({rule, group}));
  EVT_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return Status::Internal("runbook.db: dispatch_groups: the group just joined is gone");
  PendingGroup out{rule, group, FromMs(st.ColumnInt64(0)), FromMs(st.ColumnInt64(1)), trigger, st.ColumnInt64(2)};
  st.Reset();
  EVT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<std::vector<PendingGroup>> DispatchStore::TakeDueGroups(TimePoint now) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  std::vector<PendingGroup> groups;
  {
    EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT rule, grp, opened_ms, due_ms, trigger, count "
                                                      "FROM dispatch_groups WHERE due_ms <= ?1 "
                                                      "ORDER BY opened_ms, rule, grp"));
    EVT_RETURN_IF_ERROR(st.BindAll({Ms(now)}));
    for (;;) {
      EVT_ASSIGN_OR_RETURN(bool more, st.Step());
      if (!more) break;
      EVT_ASSIGN_OR_RETURN(Value trigger, ParseStored(st.ColumnText(4), "dispatch_groups.trigger"));
      groups.push_back({st.ColumnText(0), st.ColumnText(1), FromMs(st.ColumnInt64(2)), FromMs(st.ColumnInt64(3)),
                        std::move(trigger), st.ColumnInt64(5)});
    }
  }
  EVT_RETURN_IF_ERROR(Run(store_, "DELETE FROM dispatch_groups WHERE due_ms <= ?1", {Ms(now)}));
  EVT_RETURN_IF_ERROR(tx->Commit());
  return groups;
}

Status DispatchStore::RunBegan(const std::string& runbook, const std::string& decision_id, TimePoint at) {
  return Write(store_, "INSERT OR REPLACE INTO dispatch_runs (decision_id, runbook, began_ms) VALUES (?1, ?2, ?3)",
               {decision_id, runbook, Ms(at)});
}

Status DispatchStore::RunFinished(const std::string& decision_id, TimePoint at) {
  return Write(store_, "UPDATE dispatch_runs SET ended_ms = ?2 WHERE decision_id = ?1", {decision_id, Ms(at)});
}

Result<std::int64_t> DispatchStore::RunsSince(const std::string& runbook, TimePoint since) {
  EVT_ASSIGN_OR_RETURN(Statement st,
                       store_.Prepare("SELECT COUNT(*) FROM dispatch_runs WHERE runbook = ?1 AND began_ms > ?2"));
  EVT_RETURN_IF_ERROR(st.BindAll({runbook, Ms(since)}));
  EVT_ASSIGN_OR_RETURN(bool found, st.Step());
  return found ? st.ColumnInt64(0) : 0;
}

Result<std::optional<TimePoint>> DispatchStore::LastRunEnd(const std::string& runbook) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT MAX(ended_ms) FROM dispatch_runs WHERE runbook = ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({runbook}));
  EVT_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found || st.ColumnIsNull(0)) return std::optional<TimePoint>();
  return std::optional<TimePoint>(FromMs(st.ColumnInt64(0)));
}

Result<bool> DispatchStore::RunInProgress(const std::string& runbook, TimePoint began_after) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT 1 FROM dispatch_runs WHERE runbook = ?1 AND "
                                                    "ended_ms IS NULL AND began_ms > ?2 LIMIT 1"));
  EVT_RETURN_IF_ERROR(st.BindAll({runbook, Ms(began_after)}));
  return st.Step();
}

Result<std::int64_t> DispatchStore::BumpStreak(const std::string& rule, const std::string& subject) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(Run(store_,
                          "INSERT INTO dispatch_streaks (rule, subject, count) VALUES (?1, ?2, 1) "
                          "ON CONFLICT (rule, subject) DO UPDATE SET count = count + 1",
                          {rule, subject}));
  std::int64_t count = 0;
  {
    EVT_ASSIGN_OR_RETURN(Statement st,
                         store_.Prepare("SELECT count FROM dispatch_streaks WHERE rule = ?1 AND subject = ?2"));
    EVT_RETURN_IF_ERROR(st.BindAll({rule, subject}));
    EVT_ASSIGN_OR_RETURN(bool found, st.Step());
    if (found) count = st.ColumnInt64(0);
  }
  EVT_RETURN_IF_ERROR(tx->Commit());
  return count;
}

Status DispatchStore::ResetStreak(const std::string& rule, const std::string& subject) {
  return Write(store_, "DELETE FROM dispatch_streaks WHERE rule = ?1 AND subject = ?2", {rule, subject});
}

Status DispatchStore::NoteFiring(const std::string& fingerprint, const Value& labels, TimePoint at) {
  return Write(store_, "INSERT OR REPLACE INTO dispatch_firing (fingerprint, labels, seen_ms) VALUES (?1, ?2, ?3)",
               {fingerprint, Json(labels), Ms(at)});
}

Status DispatchStore::NoteResolved(const std::string& fingerprint) {
  return Write(store_, "DELETE FROM dispatch_firing WHERE fingerprint = ?1", {fingerprint});
}

Result<std::vector<Value>> DispatchStore::FiringLabels() {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT labels FROM dispatch_firing ORDER BY fingerprint"));
  std::vector<Value> out;
  for (;;) {
    EVT_ASSIGN_OR_RETURN(bool more, st.Step());
    if (!more) break;
    EVT_ASSIGN_OR_RETURN(Value labels, ParseStored(st.ColumnText(0), "dispatch_firing.labels"));
    out.push_back(std::move(labels));
  }
  return out;
}

Status DispatchStore::AskApproval(const ApprovalRow& row) {
  return Write(store_,
               "INSERT INTO dispatch_approvals (" + std::string(kApprovalColumns) +
                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
               {row.decision_id, Ms(row.asked_at), Ms(row.expires_at), row.run_on_timeout ? 1 : 0, row.state,
                row.who});
}

Result<std::optional<ApprovalRow>> DispatchStore::FindApproval(const std::string& decision_id) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT " + std::string(kApprovalColumns) +
                                                    " FROM dispatch_approvals WHERE decision_id = ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({decision_id}));
  EVT_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return std::optional<ApprovalRow>();
  return std::optional<ApprovalRow>(ReadApproval(st));
}

Result<std::vector<ApprovalRow>> DispatchStore::WaitingApprovals() {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT " + std::string(kApprovalColumns) +
                                                    " FROM dispatch_approvals WHERE state = 'waiting' "
                                                    "ORDER BY asked_ms, decision_id"));
  std::vector<ApprovalRow> out;
  for (;;) {
    EVT_ASSIGN_OR_RETURN(bool more, st.Step());
    if (!more) break;
    out.push_back(ReadApproval(st));
  }
  return out;
}

Result<std::vector<ApprovalRow>> DispatchStore::ExpiredApprovals(TimePoint now) {
  EVT_ASSIGN_OR_RETURN(Statement st, store_.Prepare("SELECT " + std::string(kApprovalColumns) +
                                                    " FROM dispatch_approvals WHERE state = 'waiting' AND "
                                                    "expires_ms <= ?1 ORDER BY asked_ms, decision_id"));
  EVT_RETURN_IF_ERROR(st.BindAll({Ms(now)}));
  std::vector<ApprovalRow> out;
  for (;;) {
    EVT_ASSIGN_OR_RETURN(bool more, st.Step());
    if (!more) break;
    out.push_back(ReadApproval(st));
  }
  return out;
}

Status DispatchStore::SettleApproval(const std::string& decision_id, const std::string& state,
                                     const std::string& who) {
  return Write(store_, "UPDATE dispatch_approvals SET state = ?2, who = ?3 WHERE decision_id = ?1",
               {decision_id, state, who});
}

}  // namespace evt::runbook
