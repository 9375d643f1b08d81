// The dispatcher's durable state in runbook.db (doc/design.md §9): the
// dedup ledger, pending groups, the decisions (the audit of every trigger
// offered and why it ran or did not), approvals, and per-runbook run
// accounting for rate limits, concurrency and cool-down. Each call is one
// transaction, so a restart of `serve` resumes where it stopped: a group
// inside its wait still runs once, an approval still waits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/duration.h"
#include "common/status.h"
#include "common/store.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::runbook {

// The schema step audit_log.cc's migration list holds for these tables.
extern const std::string_view kDispatchTablesSql;

struct DecisionRow {
  std::string id;
  TimePoint at;
  std::string rule;      // "" for kNoMatch
  std::string runbook;   // what runs or would have run; "" when nothing would
  std::string action;    // "run", "await_approval", "held_back", ... (dispatch_decider.h)
  std::string reason;
  std::string situation;
  Value trigger = Value::object();  // source, status, labels, annotations
  Value vars = Value::object();
  std::optional<std::string> run_id;  // the run it started (evt-runbook run's run_id), set by LinkRun
  std::string outcome;                 // "", "ok", "failed"
};

struct PendingGroup {
  std::string rule;
  std::string group;  // the group_by values joined
  TimePoint opened_at;
  TimePoint due_at;
  Value trigger = Value::object();  // the newest trigger of the group, as stored
  std::int64_t count = 0;
};

struct ApprovalRow {
  std::string decision_id;
  TimePoint asked_at;
  TimePoint expires_at;
  bool run_on_timeout = false;
  std::string state;  // "waiting", "approved", "denied", "timed_out"
  std::string who;
};

class DispatchStore {
 public:
  explicit DispatchStore(Store store) : store_(std::move(store)) {}
  // runbook.db under state_dir, with AuditLog's migrations.
  static Result<DispatchStore> Open(const std::string& state_dir);
  static Result<DispatchStore> OpenMemory();
  // For the commands that only read (status): see Store::OpenReadOnly.
  static Result<DispatchStore> OpenReadOnly(const std::string& state_dir);

  // The ledger: true (and remembered until at + ttl) when the situation is
  // new or its entry expired; false for a duplicate.
  Result<bool> ClaimSituation(const std::string& situation, TimePoint at, Duration ttl);

  Status RecordDecision(const DecisionRow& row);
  Result<std::optional<DecisionRow>> FindDecision(const std::string& id);
  // Newest first, at or after `since`, at most `limit`.
  Result<std::vector<DecisionRow>> ListDecisions(TimePoint since, std::size_t limit);
  Status SetDecisionRun(const std::string& id, const std::string& run_id);
  Status SetDecisionOutcome(const std::string& id, const std::string& outcome);

  // Grouping: adds a trigger to the open group (opening it when absent);
  // returns the group as it is now.
  Result<PendingGroup> JoinGroup(const std::string& rule, const std::string& group, const Value& trigger,
                                 TimePoint now, TimePoint due_at);
  // Removes and returns the groups due at `now`, oldest first.
  Result<std::vector<PendingGroup>> TakeDueGroups(TimePoint now);

  // Runs of a runbook the dispatcher started: for rate limit, cool-down
  // and concurrency.
  Status RunBegan(const std::string& runbook, const std::string& decision_id, TimePoint at);
  Status RunFinished(const std::string& decision_id, TimePoint at);
  Result<std::int64_t> RunsSince(const std::string& runbook, TimePoint since);
  Result<std::optional<TimePoint>> LastRunEnd(const std::string& runbook);
  // A run begun after `began_after` and not finished.
  Result<bool> RunInProgress(const std::string& runbook, TimePoint began_after);

  // Flow failure streaks: returns the streak after adding one (firing) or
  // resets it (resolved, returns 0).
  Result<std::int64_t> BumpStreak(const std::string& rule, const std::string& subject);
  Status ResetStreak(const std::string& rule, const std::string& subject);

  // Inhibition's sources: alerts seen firing and not yet resolved, kept
  // durably so a restart does not forget an uplink that is down.
  Status NoteFiring(const std::string& fingerprint, const Value& labels, TimePoint at);
  Status NoteResolved(const std::string& fingerprint);
  Result<std::vector<Value>> FiringLabels();

  Status AskApproval(const ApprovalRow& row);
  Result<std::optional<ApprovalRow>> FindApproval(const std::string& decision_id);
  // Every approval still waiting for a person (or for serve to time it out), oldest first.
  Result<std::vector<ApprovalRow>> WaitingApprovals();
  // Waiting approvals whose time ran out at `now`.
  Result<std::vector<ApprovalRow>> ExpiredApprovals(TimePoint now);
  Status SettleApproval(const std::string& decision_id, const std::string& state, const std::string& who);

 private:
  Store store_;
};

}  // namespace evt::runbook
