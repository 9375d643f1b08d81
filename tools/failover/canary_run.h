// The canary's state machine (doc/design.md §19), driven from
// `evt-failover canary` with everything it acts through behind seams, so
// tests run it with a fake driver, a scripted sampler and judge and a
// ManualClock.
//
// Rules:
// - A fresh canary runs the pre_rollout hook first (failing: nothing is
//   changed, the run ends rolled back). A resumed one (a rerun whose
//   holder died or stopped) starts at the step after the last passed one;
//   its failed-step count carries over and the interrupted step's samples
//   are discarded: judged afresh from the start of its window. One whose
//   rollback or promotion stopped half-way (the proxy refused) finishes it.
// - Each step: the site hold is read (held: stop, holding, lease kept); an
//   abort request rolls back; before the last step a person confirms
//   (declined: roll back; headless without --yes: stop, holding); the step's weights are applied and read
//   back through the driver; samples are collected for the interval and
//   judged; the judgement is saved and written as a failover.canary record.
// - pass: the next step; after the last, promote. fail (or the watch
//   daemon saw the canary member fail during the step): one more failed
//   step; at failed_steps, roll back; below it, the step is judged again.
// - inconclusive and marginal: the step is collected again, up to
//   `recollect` more times; then inconclusive holds (the weights stay, the
//   lease stays so the daemon does not undo them) and marginal counts as a
//   failed step: a build that never clears the pass score is not promoted.
// - Promote: the canary carries 100 %, each baseline member is drained
//   then put in maintenance, the promote hook runs. Roll back: the canary's
//   weight 0 with the baseline back at its split, the canary drained, the
//   rollback hook runs.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/failover/canary_config.h"
#include "tools/failover/canary_judge.h"
#include "tools/failover/canary_plan.h"
#include "tools/failover/canary_samples.h"
#include "tools/failover/canary_store.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

struct CanarySeams {
  SteeringDriver* driver = nullptr;
  CanarySampler* sampler = nullptr;
  CanaryStore* store = nullptr;
  const Clock* clock = nullptr;
  std::function<CanaryJudgement(const CanaryStepSamples&)> judge;
  // Runs the hook's runbook if the spec names one (canary_hooks.h).
  std::function<CanaryHookOutcome(CanaryHook, const CanaryHookContext&)> run_hook;
  // Before the last step (canary_hooks.h's ConfirmPromotion).
  std::function<PromotionConsent(const CanaryHookContext&)> confirm;
  // The site hold in force, in words, or nullopt.
  std::function<std::optional<std::string>(TimePoint)> held;
  std::function<Status(const Value& record)> emit;
  std::function<bool()> stop_requested;
};

enum class CanaryEnd { kPromoted, kRolledBack, kHolding };

struct CanaryOutcome {
  CanaryEnd end = CanaryEnd::kHolding;
  std::string why;
  std::string hook_error;  // the promote or rollback hook failed: the end stands, the exit says so
};

class CanaryRunner {
 public:
  // REQUIRES: every seam set; plan from PlanCanary on `route`; `members`
  // the route's members (for the sampler's sides).
  CanaryRunner(CanarySpec spec, CanaryPlan plan, std::vector<RouteMember> members, CanarySeams seams);

  // `run` is CanaryStore::Acquire's: fresh or taken over.
  Result<CanaryOutcome> Run(CanaryRun run);
  // Ends a leasing run now: `canary abort`, or an abort request seen.
  Result<CanaryOutcome> RollBack(CanaryRun& run, const std::string& why);

 private:
  enum class Next { kAdvance, kAgain, kStop };
  Result<Next> JudgeStep(CanaryRun& run, int& rounds, std::optional<CanaryOutcome>& end);
  Result<CanaryOutcome> Promote(CanaryRun& run);
  Result<CanaryOutcome> Hold(CanaryRun& run, const std::string& why);
  Status ApplyStep(CanaryRun& run, int index);
  Status Emit(const CanaryRun& run, const std::string& event, Value extra);
  CanaryHookContext Context(const CanaryRun& run) const;
  const RouteMember* Member(const std::string& name) const;

  CanarySpec spec_;
  CanaryPlan plan_;
  std::vector<RouteMember> members_;
  CanarySeams s_;
  bool confirmed_ = false;
  std::string last_verdict_;
};

// The exit a command gives for an outcome: promoted 0; rolled back 1 (the
// check ran and failed); holding 75 (try again: rerun or `canary abort`);
// a failed promote or rollback hook 1 whatever the end.
Status CanaryExitStatus(const CanaryPlan& plan, const CanaryOutcome& outcome);

}  // namespace evt::failover
