// The dispatcher of `evt-runbook serve` (doc/design.md §9): turns each
// trigger into decisions under `runbook.rules` (Alertmanager's grouping
// and inhibition, a dedup ledger, StackStorm's per-runbook policies,
// approvals with a safe default), and records every decision with its
// reason in the store. It starts nothing itself: the caller runs the
// decisions whose action is kRun or kUndo and reports back. No I/O beyond
// the store; time comes from the Clock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/duration.h"
#include "common/status.h"
#include "tools/runbook/alert_trigger.h"
#include "tools/runbook/dispatch_store.h"
#include "tools/runbook/trigger_rules.h"

namespace evt::runbook {

struct Decision {
  enum class Action {
    kRun,            // run `runbook` with `vars` now
    kAwaitApproval,  // waits for Approve/Deny or its timeout (then Due decides)
    kHeldBack,       // the site hold is set: `runbook` is what would have run
    kDuplicate,      // the situation was seen inside dedup_ttl
    kInhibited,      // a firing source alert inhibits it
    kCoolingDown,    // the runbook ran less than the rule's cooldown ago
    kRateLimited,    // the runbook ran rate_runs times inside rate_per
    kBusy,           // the runbook is running (concurrency one)
    kGrouping,       // joined a group inside its group_wait; Due decides
    kUndo,           // resolved: run the rule's on_resolved runbook now
    kNoMatch,        // no rule matched
    kStreak,         // a failure, but fewer in a row than the rule's streak
    kDenied,         // a person denied it, or its approval timed out to skip
  };
  std::string id;
  std::string rule;
  std::string runbook;
  std::map<std::string, std::string> vars;
  Action action = Action::kNoMatch;
  std::string reason;
};

// "run", "await_approval", ...: the audit's and history's word.
std::string_view ActionName(Decision::Action action);
// Whether the caller should start `runbook` now.
inline bool ShouldRun(const Decision& d) {
  return d.action == Decision::Action::kRun || d.action == Decision::Action::kUndo;
}

class Dispatcher {
 public:
  // `longest_run`: a run that has not reported its end this long after it
  // was decided died with a `serve` that was killed, and no longer counts
  // as busy (give the runbook's timeout plus its kill grace).
  Dispatcher(DispatchStore& store, const TriggerRules& rules, const Clock& clock,
             Duration longest_run = std::chrono::hours(1));

  // Every rule matching the trigger yields one decision (none: one kNoMatch).
  // All are recorded before returning.
  Result<std::vector<Decision>> Offer(const Trigger& trigger, bool hold_active);
  // Groups whose wait ended, and approvals that timed out (to the rule's
  // safe default). Call it at least every second; it never blocks.
  Result<std::vector<Decision>> Due(bool hold_active);

  // A kRun or kUndo decision counts as running (busy, rate limit) from the
  // moment it is made until RunEnded, which the caller must call however
  // the run ends, a failure to start included. RunStarted links the run.
  Status RunStarted(const std::string& decision_id, std::int64_t run_id);
  Status RunEnded(const std::string& decision_id, bool ok);

  // A waiting approval: Approve returns the kRun decision to start (or an
  // error: unknown id is DataErr, settled already is DataErr naming how);
  // Deny records kDenied.
  Result<Decision> Approve(const std::string& decision_id, const std::string& who, bool hold_active);
  Status Deny(const std::string& decision_id, const std::string& who);

 private:
  DispatchStore& store_;
  const TriggerRules& rules_;
  const Clock& clock_;
  Duration longest_run_;
  const TriggerRule* FindRule(const std::string& name) const;
  std::string NewId();
  // Writes the decision to the audit (giving it an id when it has none).
  Result<Decision> Record(Decision decision, const Value& trigger);
  // "" or why a firing source inhibits the trigger.
  Result<std::string> InhibitedBy(const Trigger& trigger);
  // A fresh firing or resolved trigger under one rule.
  Result<Decision> Decide(const TriggerRule& rule, const Trigger& trigger, const Value& value, bool hold_active);
  // The checks every run passes, in order: hold, busy, cool-down, rate
  // limit, then approval when `ask_approval`; `go` when all pass.
  Result<Decision> Gate(const TriggerRule& rule, const std::string& runbook, const Value& trigger,
                        Decision::Action go, bool ask_approval, bool hold_active, std::string why);
  // The decision after approval `asked` is settled: run it (through Gate,
  // without asking again) or record it denied.
  Result<Decision> AfterApproval(const std::string& asked, bool run, bool hold_active, std::string why);
  Result<ApprovalRow> WaitingApproval(const std::string& decision_id);

  std::int64_t next_seq_ = 0;
};

}  // namespace evt::runbook
