// The audit trail: every run, dry runs included, with each step and tool
// call, in evt-runbook's own state database (<state_dir>/runbook.db). Each
// write is its own transaction, committed before the runbook goes on, so a
// kill leaves every step that started on record. Only these operations
// touch the SQL; a PostgreSQL version would implement the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pruned_rows.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::runbook {

// runbook.db's schema steps: the audit's tables, then the dispatcher's.
const std::vector<Migration>& RunbookMigrations();

// Every text handed to the audit log must already be redacted.
struct RunStart {
  std::string id;
  std::string runbook;
  std::string path;
  std::string hash;
  std::string user;
  std::string host;
  Value params = Value::object();
  bool dry_run = false;
  TimePoint started_at;
};

struct RunEnd {
  std::string outcome;  // ok, failed, changes_pending, timeout, interrupted
  std::string message;  // why it failed; empty when it did not
  TimePoint ended_at;
  std::int64_t duration_ms = 0;
};

struct StepEntry {
  std::int64_t seq = 0;
  std::string name;
  TimePoint started_at;
  std::string outcome = "running";  // running, ok, failed, skipped
  std::int64_t attempts = 0;
  std::int64_t duration_ms = 0;
  std::string error;
};

struct CallEntry {
  std::int64_t seq = 0;
  std::optional<std::int64_t> step_seq;  // none: outside any step
  Value argv = Value::array();
  std::optional<std::int64_t> code;      // none: not run (dry run, failed to start)
  std::int64_t duration_ms = 0;
  bool dry_run = false;
};

struct RunSummary {
  RunStart start;
  std::optional<RunEnd> end;  // none: still running, or killed
  std::vector<StepEntry> steps;
};

struct RunCounts {
  std::int64_t runs = 0;
  std::int64_t failed = 0;
};

class AuditLog {
 public:
  // Only short-lived commands write the trail (run, history, state prune;
  // serve runs each runbook as its own process), so the log keeps its WAL
  // on close (OnClose::kKeepWal): a run's start is not spent on a
  // checkpoint. `evt-runbook serve` (DispatchStore) and SQLite's
  // auto-checkpoint fold the WAL back into the database.
  static Result<AuditLog> Open(const std::string& state_dir);
  // For the commands that only read the trail (status): see Store::OpenReadOnly.
  static Result<AuditLog> OpenReadOnly(const std::string& state_dir);
  static Result<AuditLog> OpenMemory();

  Status BeginRun(const RunStart& run);
  Status EndRun(const std::string& run_id, const RunEnd& end);
  // EndRun for a run the watchdog ends by force, in one transaction with
  // its running steps, which fail with the run's message.
  Status AbandonRun(const std::string& run_id, const RunEnd& end);
  Status BeginStep(const std::string& run_id, const StepEntry& step);
  Status EndStep(const std::string& run_id, const StepEntry& step);
  Status RecordCall(const std::string& run_id, const CallEntry& call);

  // Whether a notification with this key may go out now: true (and now
  // remembered) unless one went out less than `window` ago. `key_hash`
  // is a hash, so no message text is kept.
  Result<bool> ClaimNotification(const std::string& key_hash, TimePoint now, std::chrono::milliseconds window);
  // Lets the next notification with this key go out at once: a resolve
  // forgets the firing it ends, so the next firing is not held back.
  Status ForgetNotification(const std::string& key_hash);

  // The newest runs first, at most `limit`, only of `runbook` when not
  // empty, each with its steps.
  Result<std::vector<RunSummary>> History(std::size_t limit, const std::string& runbook);
  // Runs started at or after `since`, and of them those that failed
  // (failed, timeout, interrupted), dry runs included.
  Result<RunCounts> CountRunsSince(TimePoint since);
  // The tool calls of one run, in order.
  Result<std::vector<CallEntry>> Calls(const std::string& run_id);
  // `state prune`: runs started before `cutoff` with their steps and calls,
  // and notification keys sent before it, in one transaction.
  Result<std::vector<PrunedRows>> PruneBefore(TimePoint cutoff);

 private:
  explicit AuditLog(Store store) : store_(std::move(store)) {}
  Status Write(std::string_view sql, std::initializer_list<SqlValue> values);

  Store store_;
};

}  // namespace evt::runbook
