// What a canary does to a route's weights (doc/design.md §19): the new
// member NEW (in the route with no share before the canary) takes each
// step's percentage, the baseline (the members that carried the route) the
// rest in their configured ratio, and every other member none. Percentages
// are whole (largest remainder) and reduced by their gcd, as route_split.h
// does, so a deterministic balancer gives the exact split.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/failover/route_config.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

struct CanaryPlan {
  std::string route;
  std::string backend;
  std::string canary;
  std::vector<std::string> baseline;  // the members that carried the route
  std::vector<int> baseline_split;    // their configured shares (1 each on a prefer route)
  std::vector<std::string> idle;      // the route's other members: weight 0 throughout
  std::vector<int> steps;             // the canary's percentages, rising, the last 100
};

// Steps rising from 1 to 100; a last step below 100 gets a final 100 added
// ("5, 30, 60" ends at 100 %). `where` prefixes the errors (Usage for a
// flag, Config for the config, as `code` says).
Result<std::vector<int>> CanarySteps(std::vector<int> steps, const std::string& where, ExitCode code);
// "5,25,50,100" as --steps writes it.
Result<std::vector<int>> ParseCanarySteps(std::string_view text);

// Usage (2) when `canary` is not a member of the route or already carries
// a share in the config (a split share, or first in a prefer list), or no
// other member carries the route.
Result<CanaryPlan> PlanCanary(const RouteSpec& route, const std::string& canary, std::vector<int> steps);

// Every member of the route with the canary at `percent` and the baseline
// members whose `baseline_up` is true (all, when empty) sharing the rest in
// their configured ratio. With no baseline member up the canary takes all.
std::vector<MemberWeight> CanaryWeights(const CanaryPlan& plan, int percent, const std::vector<bool>& baseline_up = {});

}  // namespace evt::failover
