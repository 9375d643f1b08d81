#include "tools/failover/canary_run.h"

#include "common/json_writer.h"
#include "tools/failover/canary_record.h"
#include "tools/failover/route_record.h"

namespace evt::failover {
namespace {

int LastStep(const CanaryRun& run) { return static_cast<int>(run.steps.size()) - 1; }

std::string StepText(const CanaryRun& run, int index) {
  return "step " + std::to_string(index + 1) + "/" + std::to_string(run.steps.size()) + " (" +
         std::to_string(run.steps[index]) + " %)";
}

// The member whose configured share is largest (the first on a tie) is the
// baseline the canary is compared with: it carries most of the route.
std::string BaselineForSamples(const CanaryPlan& plan) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < plan.baseline.size(); ++i)
    if (plan.baseline_split[i] > plan.baseline_split[best]) best = i;
  return plan.baseline[best];
}

}  // namespace

CanaryRunner::CanaryRunner(CanarySpec spec, CanaryPlan plan, std::vector<RouteMember> members, CanarySeams seams)
    : spec_(std::move(spec)), plan_(std::move(plan)), members_(std::move(members)), s_(std::move(seams)) {}

const RouteMember* CanaryRunner::Member(const std::string& name) const {
  for (const RouteMember& m : members_)
    if (m.name == name) return &m;
  return nullptr;
}

Status CanaryRunner::Emit(const CanaryRun& run, const std::string& event, Value extra) {
  Value r = CanaryRecord(run, event, s_.clock->Now());
  if (extra.is_object())
    for (const auto& [key, value] : extra.as_object()) r.set(key, value);
  return s_.emit(r);
}

CanaryHookContext CanaryRunner::Context(const CanaryRun& run) const {
  const bool stepped = run.step >= 0 && run.step < static_cast<int>(run.steps.size());
  return CanaryHookContext{plan_.route, plan_.canary, plan_.baseline, stepped ? run.steps[run.step] : 0, last_verdict_};
}

Result<CanaryOutcome> CanaryRunner::Hold(CanaryRun& run, const std::string& why) {
  run.state = CanaryState::kHolding;
  run.why = why;
  run.updated = s_.clock->Now();
  EVT_RETURN_IF_ERROR(s_.store->Save(run));
  EVT_RETURN_IF_ERROR(Emit(run, "hold", Value()));
  return CanaryOutcome{CanaryEnd::kHolding, why, ""};
}

Status CanaryRunner::ApplyStep(CanaryRun& run, int index) {
  const std::vector<MemberWeight> weights = CanaryWeights(plan_, run.steps[index]);
  EVT_ASSIGN_OR_RETURN(BackendState read_back, s_.driver->ApplyWeights(plan_.backend, weights));
  (void)read_back;
  run.step = index;
  run.updated = s_.clock->Now();
  EVT_RETURN_IF_ERROR(s_.store->Save(run));
  return Emit(run, "weights", Value::object({{"weights", WeightsValue(weights)}}));
}

Result<CanaryOutcome> CanaryRunner::Run(CanaryRun run) {
  const bool fresh = run.step < 0 && run.passed < 0 && run.failed == 0;
  if (fresh) {
    const CanaryHookOutcome pre = s_.run_hook(CanaryHook::kPreRollout, Context(run));
    if (!pre.status.ok()) {
      // Nothing was changed: the run ends without touching the proxy.
      run.state = CanaryState::kRolledBack;
      run.why = pre.status.message();
      run.updated = s_.clock->Now();
      EVT_RETURN_IF_ERROR(s_.store->Save(run));
      EVT_RETURN_IF_ERROR(Emit(run, "rollback", Value()));
      return CanaryOutcome{CanaryEnd::kRolledBack, run.why, ""};
    }
  }
  EVT_RETURN_IF_ERROR(Emit(run, fresh ? "start" : "resume", Value()));
  // A rollback or a promotion that stopped half-way (the proxy refused)
  // is finished, never stepped on from.
  if (run.failed >= spec_.failed_steps)
    return RollBack(run, std::to_string(run.failed) + " failed steps reached failed_steps " +
                             std::to_string(spec_.failed_steps) + " before the restart");
  if (run.passed >= LastStep(run)) return Promote(run);
  int index = run.passed + 1;
  int rounds = 0;
  while (true) {
    EVT_ASSIGN_OR_RETURN(std::optional<CanaryRun> stored, s_.store->Load(run.route));
    if (stored && stored->abort_requested) return RollBack(run, "aborted by `canary abort`");
    if (std::optional<std::string> hold = s_.held(s_.clock->Now()))
      return Hold(run, "stopped before " + StepText(run, index) + ": " + *hold);
    if (s_.stop_requested()) return Hold(run, "interrupted before " + StepText(run, index));
    if (index == LastStep(run) && !confirmed_) {
      CanaryHookContext context = Context(run);
      context.step = run.steps[index];
      const PromotionConsent consent = s_.confirm(context);
      if (consent == PromotionConsent::kDeclined) return RollBack(run, "promotion declined");
      if (consent == PromotionConsent::kNeedsYes)
        return Hold(run, "promotion needs a person's confirmation: rerun with --yes to go on, or `canary abort " +
                             plan_.route + "`");
      confirmed_ = true;
    }
    if (run.step != index) {
      Status applied = ApplyStep(run, index);
      if (!applied.ok()) return Hold(run, StepText(run, index) + " not applied: " + applied.message());
    }
    std::optional<CanaryOutcome> end;
    EVT_ASSIGN_OR_RETURN(Next next, JudgeStep(run, rounds, end));
    if (end) return *end;
    if (next == Next::kAdvance) {
      if (index == LastStep(run)) return Promote(run);
      ++index;
      rounds = 0;
    }
  }
}

Result<CanaryRunner::Next> CanaryRunner::JudgeStep(CanaryRun& run, int& rounds, std::optional<CanaryOutcome>& end) {
  const int index = run.step;
  const CanarySide baseline{Member(BaselineForSamples(plan_))};
  const CanarySide canary{Member(plan_.canary)};
  Result<CanaryStepSamples> samples = s_.sampler->Collect(baseline, canary, plan_.backend, *s_.driver, spec_.interval);
  if (!samples.ok()) {
    EVT_ASSIGN_OR_RETURN(end, Hold(run, StepText(run, index) + ": samples not collected: " + samples.status().message()));
    return Next::kStop;
  }
  EVT_ASSIGN_OR_RETURN(std::optional<CanaryRun> stored, s_.store->Load(run.route));
  if (stored && stored->abort_requested) {
    EVT_ASSIGN_OR_RETURN(end, RollBack(run, "aborted by `canary abort`"));
    return Next::kStop;
  }
  CanaryJudgement judgement = s_.judge(*samples);
  last_verdict_ = CanaryVerdictName(judgement.verdict);
  std::string why = "score " + std::to_string(static_cast<int>(judgement.score));
  if (stored && stored->canary_down) {
    judgement.verdict = CanaryVerdict::kFail;
    why = plan_.canary + " failed its checks in the watch daemon at " + FormatRfc3339(*stored->canary_down);
    EVT_RETURN_IF_ERROR(s_.store->ClearCanaryDown(run.route));
  }
  ++rounds;
  CanaryVerdict verdict = judgement.verdict;
  const bool undecided = verdict == CanaryVerdict::kInconclusive || verdict == CanaryVerdict::kMarginal;
  if (undecided && rounds > spec_.recollect && verdict == CanaryVerdict::kMarginal) {
    verdict = CanaryVerdict::kFail;
    why += "; marginal after " + std::to_string(rounds) + " collections counts as failed";
  }
  Next next = Next::kAgain;
  if (verdict == CanaryVerdict::kPass) run.passed = index, next = Next::kAdvance;
  if (verdict == CanaryVerdict::kFail) ++run.failed, rounds = 0;
  run.why.clear();
  run.updated = s_.clock->Now();
  const Value metrics = CanaryMetricsValue(judgement.metrics);
  EVT_ASSIGN_OR_RETURN(std::string metrics_json, ToJson(metrics));
  const std::string verdict_name(CanaryVerdictName(judgement.verdict));
  EVT_RETURN_IF_ERROR(s_.store->SaveStep(
      run, CanaryStepRow{run.route, index, run.steps[index], verdict_name, judgement.score, metrics_json, run.updated}));
  EVT_RETURN_IF_ERROR(Emit(run, "step",
                           Value::object({{"verdict", verdict_name},
                                          {"counted_as", std::string(CanaryVerdictName(verdict))},
                                          {"score", judgement.score},
                                          {"round", rounds == 0 ? 1 : rounds},
                                          {"window_ms", static_cast<std::int64_t>(spec_.interval.count())},
                                          {"judged", why},
                                          {"metrics", metrics}})));
  if (verdict == CanaryVerdict::kFail && run.failed >= spec_.failed_steps) {
    EVT_ASSIGN_OR_RETURN(end, RollBack(run, std::to_string(run.failed) + " failed step" + (run.failed == 1 ? "" : "s") +
                                                " reached failed_steps " + std::to_string(spec_.failed_steps) +
                                                " at " + StepText(run, index)));
    return Next::kStop;
  }
  if (verdict == CanaryVerdict::kInconclusive && rounds > spec_.recollect) {
    EVT_ASSIGN_OR_RETURN(end, Hold(run, StepText(run, index) + " inconclusive after " + std::to_string(rounds) +
                                            " collections: holding; rerun to collect again, or `canary abort " +
                                            plan_.route + "`"));
    return Next::kStop;
  }
  return next;
}

Result<CanaryOutcome> CanaryRunner::Promote(CanaryRun& run) {
  CanaryOutcome out{CanaryEnd::kPromoted, plan_.canary + " carries 100 % of route " + plan_.route, ""};
  for (const std::string& old : plan_.baseline) {
    // Drained first so its sessions finish, then out of the backend for good.
    for (AdminState state : {AdminState::kDrain, AdminState::kMaint}) {
      Result<BackendState> set = s_.driver->SetAdmin(plan_.backend, old, state);
      if (!set.ok()) return Hold(run, "promotion: " + old + " not taken out: " + set.status().message());
    }
  }
  const CanaryHookOutcome hook = s_.run_hook(CanaryHook::kPromote, Context(run));
  if (!hook.status.ok()) out.hook_error = hook.status.message();
  run.state = CanaryState::kPromoted;
  run.why = out.why + (out.hook_error.empty() ? "" : "; " + out.hook_error);
  run.updated = s_.clock->Now();
  EVT_RETURN_IF_ERROR(s_.store->Save(run));
  EVT_RETURN_IF_ERROR(Emit(run, "promote", Value()));
  return out;
}

Result<CanaryOutcome> CanaryRunner::RollBack(CanaryRun& run, const std::string& why) {
  CanaryOutcome out{CanaryEnd::kRolledBack, why, ""};
  const std::vector<MemberWeight> weights = CanaryWeights(plan_, 0);
  Result<BackendState> applied = s_.driver->ApplyWeights(plan_.backend, weights);
  if (!applied.ok()) return Hold(run, "rollback (" + why + ") not applied: " + applied.status().message());
  Result<BackendState> drained = s_.driver->SetAdmin(plan_.backend, plan_.canary, AdminState::kDrain);
  if (!drained.ok()) return Hold(run, "rollback (" + why + "): " + plan_.canary + " not drained: " + drained.status().message());
  CanaryHookContext context = Context(run);
  context.step = 0;
  const CanaryHookOutcome hook = s_.run_hook(CanaryHook::kRollback, context);
  if (!hook.status.ok()) out.hook_error = hook.status.message();
  run.step = -1;
  run.state = CanaryState::kRolledBack;
  run.why = why + (out.hook_error.empty() ? "" : "; " + out.hook_error);
  run.updated = s_.clock->Now();
  EVT_RETURN_IF_ERROR(s_.store->Save(run));
  EVT_RETURN_IF_ERROR(Emit(run, "rollback", Value::object({{"weights", WeightsValue(weights)}})));
  return out;
}

Status CanaryExitStatus(const CanaryPlan& plan, const CanaryOutcome& o) {
  const std::string prefix = "canary " + plan.route + ": ";
  if (!o.hook_error.empty()) return Status::CheckFailed(prefix + o.hook_error);
  switch (o.end) {
    case CanaryEnd::kPromoted: return Status::Ok();
    case CanaryEnd::kRolledBack: return Status::CheckFailed(prefix + "rolled back: " + o.why);
    case CanaryEnd::kHolding: return Status::TempFail(prefix + "holding: " + o.why);
  }
  return Status::Ok();
}

}  // namespace evt::failover
