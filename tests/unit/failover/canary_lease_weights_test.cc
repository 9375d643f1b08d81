#include <catch2/catch.hpp>

#include "tools/failover/canary_lease_weights.h"

using namespace evt;
using namespace evt::failover;

namespace {

RouteSpec Reads() {
  RouteSpec r;
  r.name = "reads";
  r.backend = "reads";
  r.members = {RouteMember{"a", {"a-health"}, 1, 3, 2, ""}, RouteMember{"b", {"b-health"}, 1, 3, 2, ""},
               RouteMember{"new", {"new-health"}, 1, 3, 2, ""}};
  r.split = {60, 40, 0};
  return r;
}

CanaryRun Run(CanaryState state, int step) {
  CanaryRun run;
  run.route = "reads";
  run.canary = "new";
  run.baseline = {"a", "b"};
  run.steps = {20, 50, 100};
  run.step = step;
  run.state = state;
  return run;
}

int WeightOf(const std::vector<MemberWeight>& weights, const std::string& member) {
  for (const MemberWeight& w : weights)
    if (w.member == member) return w.weight;
  return -1;
}

}  // namespace

TEST_CASE("canary lease weights: a running or holding canary keeps its step's weights") {
  for (CanaryState state : {CanaryState::kRunning, CanaryState::kHolding}) {
    std::optional<CanaryLeaseWeights> w = WeightsUnderCanary(Reads(), Run(state, 0), {true, true, true});
    REQUIRE(w);
    CHECK(WeightOf(w->weights, "new") == 5);  // 20 / 48 / 32 reduced by their gcd 4
    CHECK(WeightOf(w->weights, "a") == 12);
    CHECK(WeightOf(w->weights, "b") == 8);
    CHECK_FALSE(w->canary_down);
    CHECK(w->reason.find("20 %") != std::string::npos);
  }
}

TEST_CASE("canary lease weights: a baseline member down gives its share to the other baseline members only") {
  std::optional<CanaryLeaseWeights> w = WeightsUnderCanary(Reads(), Run(CanaryState::kRunning, 1), {true, false, true});
  REQUIRE(w);
  CHECK(WeightOf(w->weights, "new") == 1);
  CHECK(WeightOf(w->weights, "a") == 1);
  CHECK(WeightOf(w->weights, "b") == 0);
}

TEST_CASE("canary lease weights: the canary member down is reported, its step kept for the canary to judge") {
  std::optional<CanaryLeaseWeights> w = WeightsUnderCanary(Reads(), Run(CanaryState::kRunning, 1), {true, true, false});
  REQUIRE(w);
  CHECK(w->canary_down);
  CHECK(WeightOf(w->weights, "new") == 5);  // 50 / 30 / 20 by 10
}

TEST_CASE("canary lease weights: before the first step the canary has 0, promoted 100, rolled back no lease") {
  std::optional<CanaryLeaseWeights> before = WeightsUnderCanary(Reads(), Run(CanaryState::kRunning, -1), {});
  REQUIRE(before);
  CHECK(WeightOf(before->weights, "new") == 0);
  CHECK(WeightOf(before->weights, "a") == 3);
  std::optional<CanaryLeaseWeights> promoted = WeightsUnderCanary(Reads(), Run(CanaryState::kPromoted, 2), {});
  REQUIRE(promoted);
  CHECK(WeightOf(promoted->weights, "new") == 1);
  CHECK(WeightOf(promoted->weights, "a") == 0);
  CHECK_FALSE(WeightsUnderCanary(Reads(), Run(CanaryState::kRolledBack, -1), {}));
  SECTION("once the config gives the new member its share the config rules again") {
    RouteSpec updated = Reads();
    updated.split = {0, 0, 100};
    CHECK_FALSE(WeightsUnderCanary(updated, Run(CanaryState::kPromoted, 2), {}));
  }
  SECTION("another route's canary is not this route's") {
    CanaryRun other = Run(CanaryState::kRunning, 1);
    other.route = "stream";
    CHECK_FALSE(WeightsUnderCanary(Reads(), other, {}));
  }
}
