#include "tools/failover/canary_plan.h"
#include "tools/failover/route_split.h"

#include <algorithm>
#include <cmath>
#include <numeric>


namespace evt::failover {
namespace {

Status StepsError(const std::string& where, ExitCode code, const std::string& what) {
  return Status::WithCode(code, where + ": " + what);
}

}  // namespace

Result<std::vector<int>> CanarySteps(std::vector<int> steps, const std::string& where, ExitCode code) {
  if (steps.empty()) return StepsError(where, code, "expected at least one step");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i] < 1 || steps[i] > 100)
      return StepsError(where, code, "expected percentages 1 to 100, got " + std::to_string(steps[i]));
    if (i > 0 && steps[i] <= steps[i - 1])
      return StepsError(where, code, "expected rising percentages, got " + std::to_string(steps[i]) + " after " +
                                         std::to_string(steps[i - 1]));
  }
  if (steps.back() != 100) steps.push_back(100);
  return steps;
}

Result<std::vector<int>> ParseCanarySteps(std::string_view text) {
  std::vector<int> steps;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    int value = 0;
    const bool digits = !item.empty() && item.size() <= 3 &&
                        std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) return Status::Usage("--steps: expected percentages such as 5,25,50,100, got \"" + std::string(item) + "\"");
    for (char c : item) value = value * 10 + (c - '0');
    steps.push_back(value);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return CanarySteps(std::move(steps), "--steps", ExitCode::kUsage);
}

Result<CanaryPlan> PlanCanary(const RouteSpec& route, const std::string& canary, std::vector<int> steps) {
  CanaryPlan plan{route.name, route.backend, canary, {}, {}, {}, std::move(steps)};
  bool found = false;
  for (std::size_t i = 0; i < route.members.size(); ++i) {
    const std::string& name = route.members[i].name;
    const int share = route.prefers() ? (name == route.prefer.front() ? 1 : 0) : route.split[i];
    if (name == canary) {
      found = true;
      if (share > 0)
        return Status::Usage("canary: \"" + canary + "\" already carries route \"" + route.name +
                             "\" in the config; the canary is a member with no share (split 0, or not first in prefer)");
    } else if (share > 0) {
      plan.baseline.push_back(name);
      plan.baseline_split.push_back(share);
    } else {
      plan.idle.push_back(name);
    }
  }
  if (!found) return Status::Usage("canary: \"" + canary + "\" is not a member of route \"" + route.name + "\"");
  if (plan.baseline.empty()) return Status::Usage("canary: route \"" + route.name + "\" has no member carrying it to compare with");
  return plan;
}

std::vector<MemberWeight> CanaryWeights(const CanaryPlan& plan, int percent, const std::vector<bool>& baseline_up) {
  double up_share = 0;
  for (std::size_t i = 0; i < plan.baseline.size(); ++i)
    if (baseline_up.empty() || baseline_up[i]) up_share += plan.baseline_split[i];
  std::vector<std::string> members{plan.canary};
  std::vector<double> percents{up_share > 0 ? static_cast<double>(percent) : 100.0};
  for (std::size_t i = 0; i < plan.baseline.size(); ++i) {
    const bool up = baseline_up.empty() || baseline_up[i];
    members.push_back(plan.baseline[i]);
    percents.push_back(up && up_share > 0 ? (100.0 - percent) * plan.baseline_split[i] / up_share : 0.0);
  }
  std::vector<int> whole = WholePercents(percents);
  for (const std::string& idle : plan.idle) members.push_back(idle), whole.push_back(0);
  return GcdReducedWeights(members, whole);
}

}  // namespace evt::failover
