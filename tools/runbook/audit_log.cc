#include "tools/runbook/audit_log.h"

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/sql_transaction.h"
#include "tools/runbook/dispatch_store.h"

namespace evt::runbook {

const std::vector<Migration>& RunbookMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  runbook TEXT NOT NULL,
  path TEXT NOT NULL,
  hash TEXT NOT NULL,
  user TEXT NOT NULL,
  host TEXT NOT NULL,
  params TEXT NOT NULL,
  dry_run INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  duration_ms INTEGER,
  outcome TEXT NOT NULL,
  message TEXT
);
CREATE INDEX runs_by_runbook ON runs(runbook, started_at);
CREATE TABLE steps (
  run_id TEXT NOT NULL REFERENCES runs(id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_ms INTEGER,
  outcome TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT,
  PRIMARY KEY (run_id, seq)
);
CREATE TABLE calls (
  run_id TEXT NOT NULL REFERENCES runs(id),
  seq INTEGER NOT NULL,
  step_seq INTEGER,
  argv TEXT NOT NULL,
  code INTEGER,
  duration_ms INTEGER NOT NULL,
  dry_run INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
);
)sql"},
      {2, R"sql(
CREATE TABLE notifications (
  key_hash TEXT PRIMARY KEY,
  sent_at_ms INTEGER NOT NULL
);
)sql"},
      {3, kDispatchTablesSql}};
  return kMigrations;
}

namespace {

std::string Json(const Value& v) {
  Result<std::string> text = ToJson(v);
  return text.ok() ? *text : "null";
}

Value ParseOr(const std::string& text, Value fallback) {
  Result<Value> v = ParseJson(text, "audit");
  return v.ok() ? *v : fallback;
}

TimePoint TimeOr(const std::string& text) {
  Result<TimePoint> t = ParseRfc3339(text);
  return t.ok() ? *t : TimePoint{};
}

}  // namespace

constexpr int kAuditWalCheckpointPages = 256;

Result<AuditLog> AuditLog::Open(const std::string& state_dir) {
  StoreOptions options;
  options.on_close = OnClose::kKeepWal;
  Result<Store> store = Store::Open(state_dir, "runbook", RunbookMigrations(), options);
  if (!store.ok()) return store.status();
  // A kept WAL is read whole (checksummed) by the first connection of every
  // run: at SQLite's default checkpoint of 1000 pages (~4 MiB, about 130
  // one-step runs) that was a third more instructions on a run's start.
  // 256 pages bound it to ~1 MiB, for a checkpoint every ~30 runs.
  EVT_RETURN_IF_ERROR(store->Exec("PRAGMA wal_autocheckpoint = " + std::to_string(kAuditWalCheckpointPages)));
  return AuditLog(std::move(*store));
}

Result<AuditLog> AuditLog::OpenReadOnly(const std::string& state_dir) {
  Result<Store> store = Store::OpenReadOnly(state_dir, "runbook", RunbookMigrations());
  if (!store.ok()) return store.status();
  return AuditLog(std::move(*store));
}

Result<AuditLog> AuditLog::OpenMemory() {
  Result<Store> store = Store::OpenMemory("runbook", RunbookMigrations());
  if (!store.ok()) return store.status();
  return AuditLog(std::move(*store));
}

Status AuditLog::Write(std::string_view sql, std::initializer_list<SqlValue> values) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Statement> statement = store_.Prepare(sql);
  if (!statement.ok()) return statement.status();
  EVT_RETURN_IF_ERROR(statement->BindAll(values));
  EVT_RETURN_IF_ERROR(statement->Run());
  return tx->Commit();
}

Result<std::vector<PrunedRows>> AuditLog::PruneBefore(TimePoint cutoff) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  std::string before = FormatRfc3339(cutoff);
  std::vector<PrunedRows> out;
  constexpr std::string_view kOldRuns = "(SELECT id FROM runs WHERE started_at < ?1)";
  const std::pair<std::string, std::string> deletions[] = {
      {"calls", "DELETE FROM calls WHERE run_id IN " + std::string(kOldRuns)},
      {"steps", "DELETE FROM steps WHERE run_id IN " + std::string(kOldRuns)},
      {"runs", "DELETE FROM runs WHERE started_at < ?1"},
  };
  for (const auto& [what, sql] : deletions) {
    Result<Statement> st = store_.Prepare(sql);
    if (!st.ok()) return st.status();
    EVT_RETURN_IF_ERROR(st->BindAll({before}));
    EVT_RETURN_IF_ERROR(st->Run());
    out.push_back({what, store_.changes()});
  }
  Result<Statement> st = store_.Prepare("DELETE FROM notifications WHERE sent_at_ms < ?1");
  if (!st.ok()) return st.status();
  EVT_RETURN_IF_ERROR(st->BindAll({static_cast<std::int64_t>(cutoff.time_since_epoch().count())}));
  EVT_RETURN_IF_ERROR(st->Run());
  out.push_back({"notification keys", store_.changes()});
  EVT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Status AuditLog::BeginRun(const RunStart& run) {
  return Write(
      "INSERT INTO runs (id, runbook, path, hash, user, host, params, dry_run, started_at, outcome) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'running')",
      {run.id, run.runbook, run.path, run.hash, run.user, run.host, Json(run.params), run.dry_run ? 1 : 0,
       FormatRfc3339(run.started_at)});
}

Status AuditLog::EndRun(const std::string& run_id, const RunEnd& end) {
  return Write("UPDATE runs SET ended_at = ?2, duration_ms = ?3, outcome = ?4, message = ?5 WHERE id = ?1",
               {run_id, FormatRfc3339(end.ended_at), end.duration_ms, end.outcome,
                end.message.empty() ? SqlValue(nullptr) : SqlValue(end.message)});
}

Status AuditLog::AbandonRun(const std::string& run_id, const RunEnd& end) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Statement> run = store_.Prepare(
      "UPDATE runs SET ended_at = ?2, duration_ms = ?3, outcome = ?4, message = ?5 WHERE id = ?1");
  if (!run.ok()) return run.status();
  EVT_RETURN_IF_ERROR(run->BindAll({run_id, FormatRfc3339(end.ended_at), end.duration_ms, end.outcome, end.message}));
  EVT_RETURN_IF_ERROR(run->Run());
  Result<Statement> steps =
      store_.Prepare("UPDATE steps SET outcome = 'failed', error = ?2 WHERE run_id = ?1 AND outcome = 'running'");
  if (!steps.ok()) return steps.status();
  EVT_RETURN_IF_ERROR(steps->BindAll({run_id, end.message}));
  EVT_RETURN_IF_ERROR(steps->Run());
  return tx->Commit();
}

Status AuditLog::BeginStep(const std::string& run_id, const StepEntry& step) {
  return Write(
      "INSERT INTO steps (run_id, seq, name, started_at, outcome, attempts) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {run_id, step.seq, step.name, FormatRfc3339(step.started_at), step.outcome, step.attempts});
}

Status AuditLog::EndStep(const std::string& run_id, const StepEntry& step) {
  return Write(
      "UPDATE steps SET duration_ms = ?3, outcome = ?4, attempts = ?5, error = ?6 WHERE run_id = ?1 AND seq = ?2",
      {run_id, step.seq, step.duration_ms, step.outcome, step.attempts,
       step.error.empty() ? SqlValue(nullptr) : SqlValue(step.error)});
}

Status AuditLog::RecordCall(const std::string& run_id, const CallEntry& call) {
  return Write(
      "INSERT INTO calls (run_id, seq, step_seq, argv, code, duration_ms, dry_run) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      {run_id, call.seq, call.step_seq ? SqlValue(*call.step_seq) : SqlValue(nullptr), Json(call.argv),
       call.code ? SqlValue(*call.code) : SqlValue(nullptr), call.duration_ms, call.dry_run ? 1 : 0});
}

Result<bool> AuditLog::ClaimNotification(const std::string& key_hash, TimePoint now,
                                         std::chrono::milliseconds window) {
  Result<Transaction> tx = Transaction::Begin(store_, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Statement> last = store_.Prepare("SELECT sent_at_ms FROM notifications WHERE key_hash = ?1");
  if (!last.ok()) return last.status();
  EVT_RETURN_IF_ERROR(last->BindAll({key_hash}));
  Result<bool> row = last->Step();
  if (!row.ok()) return row.status();
  std::int64_t now_ms = now.time_since_epoch().count();
  if (*row && now_ms - last->ColumnInt64(0) < window.count()) return false;
  last->Reset();
  Result<Statement> remember = store_.Prepare(
      "INSERT INTO notifications (key_hash, sent_at_ms) VALUES (?1, ?2) "
      "ON CONFLICT (key_hash) DO UPDATE SET sent_at_ms = excluded.sent_at_ms");
  if (!remember.ok()) return remember.status();
  EVT_RETURN_IF_ERROR(remember->BindAll({key_hash, now_ms}));
  EVT_RETURN_IF_ERROR(remember->Run());
  EVT_RETURN_IF_ERROR(tx->Commit());
  return true;
}

Status AuditLog::ForgetNotification(const std::string& key_hash) {
  Result<Statement> forget = store_.Prepare("DELETE FROM notifications WHERE key_hash = ?1");
  if (!forget.ok()) return forget.status();
  EVT_RETURN_IF_ERROR(forget->BindAll({key_hash}));
  return forget->Run();
}

Result<std::vector<RunSummary>> AuditLog::History(std::size_t limit, const std::string& runbook) {
  Result<Statement> runs = store_.Prepare(
      "SELECT id, runbook, path, hash, user, host, params, dry_run, started_at, ended_at, duration_ms, outcome, "
      "message FROM runs WHERE (?1 = '' OR runbook = ?1) ORDER BY started_at DESC, rowid DESC LIMIT ?2");
  if (!runs.ok()) return runs.status();
  EVT_RETURN_IF_ERROR(runs->BindAll({runbook, static_cast<std::int64_t>(limit)}));
  std::vector<RunSummary> out;
  while (true) {
    Result<bool> row = runs->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    RunSummary summary;
    summary.start = {runs->ColumnText(0), runs->ColumnText(1), runs->ColumnText(2), runs->ColumnText(3),
                     runs->ColumnText(4), runs->ColumnText(5), ParseOr(runs->ColumnText(6), Value::object()),
                     runs->ColumnInt64(7) != 0, TimeOr(runs->ColumnText(8))};
    if (!runs->ColumnIsNull(9)) {
      summary.end = RunEnd{runs->ColumnText(11), runs->ColumnText(12), TimeOr(runs->ColumnText(9)),
                           runs->ColumnInt64(10)};
    }
    out.push_back(std::move(summary));
  }
  Result<Statement> steps = store_.Prepare(
      "SELECT seq, name, started_at, outcome, attempts, duration_ms, error FROM steps WHERE run_id = ?1 ORDER BY seq");
  if (!steps.ok()) return steps.status();
  for (RunSummary& summary : out) {
    steps->Reset();
    EVT_RETURN_IF_ERROR(steps->BindAll({summary.start.id}));
    while (true) {
      Result<bool> row = steps->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      summary.steps.push_back({steps->ColumnInt64(0), steps->ColumnText(1), TimeOr(steps->ColumnText(2)),
                               steps->ColumnText(3), steps->ColumnInt64(4), steps->ColumnInt64(5),
                               steps->ColumnText(6)});
    }
  }
  return out;
}

Result<RunCounts> AuditLog::CountRunsSince(TimePoint since) {
  EVT_ASSIGN_OR_RETURN(Statement st,
                       store_.Prepare("SELECT count(*), count(*) FILTER (WHERE outcome IN ('failed', 'timeout', "
                                      "'interrupted')) FROM runs WHERE started_at >= ?1"));
  EVT_RETURN_IF_ERROR(st.BindAll({FormatRfc3339(since)}));
  EVT_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return RunCounts{};
  return RunCounts{st.ColumnInt64(0), st.ColumnInt64(1)};
}

Result<std::vector<CallEntry>> AuditLog::Calls(const std::string& run_id) {
  Result<Statement> calls = store_.Prepare(
      "SELECT seq, step_seq, argv, code, duration_ms, dry_run FROM calls WHERE run_id = ?1 ORDER BY seq");
  if (!calls.ok()) return calls.status();
  EVT_RETURN_IF_ERROR(calls->BindAll({run_id}));
  std::vector<CallEntry> out;
  while (true) {
    Result<bool> row = calls->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    CallEntry call;
    call.seq = calls->ColumnInt64(0);
    if (!calls->ColumnIsNull(1)) call.step_seq = calls->ColumnInt64(1);
    call.argv = ParseOr(calls->ColumnText(2), Value::array());
    if (!calls->ColumnIsNull(3)) call.code = calls->ColumnInt64(3);
    call.duration_ms = calls->ColumnInt64(4);
    call.dry_run = calls->ColumnInt64(5) != 0;
    out.push_back(std::move(call));
  }
  return out;
}

}  // namespace evt::runbook
