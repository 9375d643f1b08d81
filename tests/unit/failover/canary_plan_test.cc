#include <catch2/catch.hpp>

#include "tools/failover/canary_plan.h"

using namespace evt;
using namespace evt::failover;

namespace {

RouteSpec Route(std::vector<std::string> names, std::vector<int> split) {
  RouteSpec r;
  r.name = "reads";
  r.backend = "reads_be";
  for (const std::string& n : names) r.members.push_back(RouteMember{n, {n + "-health"}, 1, 3, 2, ""});
  r.split = std::move(split);
  return r;
}

int WeightOf(const std::vector<MemberWeight>& weights, const std::string& member) {
  for (const MemberWeight& w : weights)
    if (w.member == member) return w.weight;
  FAIL("no member " << member);
  return -1;
}

}  // namespace

TEST_CASE("canary plan: steps rise within 1..100 and end at 100 even when they do not divide it") {
  Result<std::vector<int>> kept = CanarySteps({5, 25, 50, 100}, "x", ExitCode::kConfig);
  REQUIRE(kept.ok());
  CHECK(*kept == std::vector<int>{5, 25, 50, 100});
  Result<std::vector<int>> odd = CanarySteps({7, 33, 60}, "x", ExitCode::kConfig);
  REQUIRE(odd.ok());
  CHECK(*odd == std::vector<int>{7, 33, 60, 100});
  CHECK(CanarySteps({}, "x", ExitCode::kConfig).status().code() == ExitCode::kConfig);
  Result<std::vector<int>> falling = CanarySteps({50, 25}, "event.json: /failover/canary/steps", ExitCode::kConfig);
  CHECK(falling.status().message() == "event.json: /failover/canary/steps: expected rising percentages, got 25 after 50");
  CHECK(!CanarySteps({0, 50}, "x", ExitCode::kConfig).ok());
  CHECK(!CanarySteps({50, 101}, "x", ExitCode::kConfig).ok());
}

TEST_CASE("canary plan: --steps text is read as percentages, bad text is a usage error naming it") {
  Result<std::vector<int>> steps = ParseCanarySteps("10,40");
  REQUIRE(steps.ok());
  CHECK(*steps == std::vector<int>{10, 40, 100});
  for (const char* bad : {"", "5,,50", "5;50", "-5", "5.5", "1000"}) {
    Result<std::vector<int>> r = ParseCanarySteps(bad);
    CHECK(r.status().code() == ExitCode::kUsage);
    CHECK(r.status().message().rfind("--steps: ", 0) == 0);
  }
}

TEST_CASE("canary plan: the canary must be an idle member of the route, the carriers are the baseline") {
  const RouteSpec route = Route({"v1", "v2", "spare"}, {100, 0, 0});
  Result<CanaryPlan> plan = PlanCanary(route, "v2", {5, 100});
  REQUIRE(plan.ok());
  CHECK(plan->baseline == std::vector<std::string>{"v1"});
  CHECK(plan->idle == std::vector<std::string>{"spare"});
  CHECK(plan->backend == "reads_be");
  CHECK(PlanCanary(route, "v9", {100}).status().message() == "canary: \"v9\" is not a member of route \"reads\"");
  CHECK(PlanCanary(route, "v1", {100}).status().code() == ExitCode::kUsage);
}

TEST_CASE("canary plan: a step gives the canary its percentage and one baseline member the rest, gcd-reduced") {
  Result<CanaryPlan> plan = PlanCanary(Route({"v1", "v2"}, {100, 0}), "v2", {5, 25, 50, 100});
  REQUIRE(plan.ok());
  std::vector<MemberWeight> w5 = CanaryWeights(*plan, 5);
  CHECK(WeightOf(w5, "v2") == 1);
  CHECK(WeightOf(w5, "v1") == 19);
  std::vector<MemberWeight> w50 = CanaryWeights(*plan, 50);
  CHECK(WeightOf(w50, "v2") == 1);
  CHECK(WeightOf(w50, "v1") == 1);
  std::vector<MemberWeight> all = CanaryWeights(*plan, 100);
  CHECK(WeightOf(all, "v2") == 1);
  CHECK(WeightOf(all, "v1") == 0);
  std::vector<MemberWeight> none = CanaryWeights(*plan, 0);
  CHECK(WeightOf(none, "v2") == 0);
  CHECK(WeightOf(none, "v1") == 1);
}

TEST_CASE("canary plan: several baseline members share the rest in their configured ratio") {
  Result<CanaryPlan> plan = PlanCanary(Route({"a", "b", "new"}, {70, 30, 0}), "new", {10, 100});
  REQUIRE(plan.ok());
  CHECK(plan->baseline == std::vector<std::string>{"a", "b"});
  std::vector<MemberWeight> w = CanaryWeights(*plan, 10);  // 10 / 63 / 27
  CHECK(WeightOf(w, "new") == 10);
  CHECK(WeightOf(w, "a") == 63);
  CHECK(WeightOf(w, "b") == 27);
  std::vector<MemberWeight> rounded = CanaryWeights(*plan, 25);  // 25 / 52.5 / 22.5: whole, summing to 100
  CHECK(WeightOf(rounded, "new") + WeightOf(rounded, "a") + WeightOf(rounded, "b") == 100);
  CHECK(WeightOf(rounded, "new") == 25);
  std::vector<MemberWeight> back = CanaryWeights(*plan, 0);  // the configured split, gcd-reduced
  CHECK(WeightOf(back, "a") == 7);
  CHECK(WeightOf(back, "b") == 3);
  CHECK(WeightOf(back, "new") == 0);
  SECTION("a baseline member down: its share goes to the other baseline members, never to the canary") {
    std::vector<MemberWeight> down = CanaryWeights(*plan, 10, {true, false});
    CHECK(WeightOf(down, "new") == 1);
    CHECK(WeightOf(down, "a") == 9);
    CHECK(WeightOf(down, "b") == 0);
  }
}

TEST_CASE("canary plan: on a prefer route the first preferred member is the baseline") {
  RouteSpec route = Route({"slice-a", "uplink", "new"}, {});
  route.prefer = {"slice-a", "uplink", "new"};
  Result<CanaryPlan> plan = PlanCanary(route, "new", {50, 100});
  REQUIRE(plan.ok());
  CHECK(plan->baseline == std::vector<std::string>{"slice-a"});
  CHECK(plan->idle == std::vector<std::string>{"uplink"});
}
