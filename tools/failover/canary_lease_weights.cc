#include "tools/failover/canary_lease_weights.h"

#include "tools/failover/canary_plan.h"

namespace evt::failover {

std::optional<CanaryLeaseWeights> WeightsUnderCanary(const RouteSpec& route, const CanaryRun& run,
                                                     const std::vector<bool>& member_up) {
  if (run.route != route.name) return std::nullopt;
  const bool promoted = run.state == CanaryState::kPromoted;
  if (!run.Leases() && !promoted) return std::nullopt;
  Result<CanaryPlan> plan = PlanCanary(route, run.canary, run.steps);
  if (!plan.ok()) return std::nullopt;
  auto up = [&](const std::string& name) {
    for (std::size_t i = 0; i < route.members.size() && i < member_up.size(); ++i)
      if (route.members[i].name == name) return static_cast<bool>(member_up[i]);
    return true;
  };
  std::vector<bool> baseline_up;
  for (const std::string& b : plan->baseline) baseline_up.push_back(up(b));
  const bool stepped = run.step >= 0 && run.step < static_cast<int>(run.steps.size());
  const int percent = promoted ? 100 : stepped ? run.steps[run.step] : 0;
  CanaryLeaseWeights out;
  out.weights = CanaryWeights(*plan, percent, baseline_up);
  out.canary_down = !promoted && !up(run.canary);
  out.reason = promoted ? "canary " + run.canary + " promoted: it keeps 100 % until the config gives it its share"
                        : "canary " + run.canary + " " + std::string(CanaryStateName(run.state)) + " at " +
                              std::to_string(percent) + " % holds the route";
  return out;
}

}  // namespace evt::failover
