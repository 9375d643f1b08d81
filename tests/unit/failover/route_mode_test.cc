#include <catch2/catch.hpp>

#include "tools/failover/route_governor.h"
#include "tools/failover/route_mode.h"
#include "fake_steering_driver.h"

using namespace evt;
using namespace evt::failover;
using evt::failover::testing::FakeSteeringDriver;
using evt::failover::testing::TwoServers;

namespace {

RouteSpec Route(std::string name, bool essential) {
  RouteSpec r;
  r.name = std::move(name);
  r.essential = essential;
  r.members = {RouteMember{"cache", {"t"}, 1, 3, 2, ""}};
  r.split = {100};
  return r;
}

}  // namespace

TEST_CASE("route mode: limits go once to each proxy, essential classes untouched, and leaving restores exactly") {
  RouteSection section{{Route("reads", false), Route("stream", false), Route("checkout", true)},
                       ReducedMode{{ClassLimit{"reads", false, 20, 10}, ClassLimit{"stream", true, 0, 0}}, std::nullopt},
                       {}};
  FakeSteeringDriver::Shared edge, other;
  edge.state = TwoServers("reads", 1, 1);
  other.state = TwoServers("stream", 1, 1);
  other.limits = {"legacy:deny"};  // what the site had before
  FakeSteeringDriver reads(&edge), checkout(&edge), stream(&other);
  const std::vector<SteeringDriver*> drivers = {&reads, &stream, &checkout};
  Result<RestoreTokens> tokens = EnterReducedMode(section, drivers);
  REQUIRE(tokens.ok());
  CHECK(tokens->size() == 2);
  CHECK(edge.limits == std::vector<std::string>{"reads:rate"});
  CHECK(other.limits == std::vector<std::string>{"stream:deny"});
  REQUIRE(LeaveReducedMode(*tokens, drivers).ok());
  CHECK(edge.limits.empty());
  CHECK(other.limits == std::vector<std::string>{"legacy:deny"});
}

TEST_CASE("route mode: a proxy gone from the config cannot be restored, and says so") {
  FakeSteeringDriver::Shared s;
  s.state = TwoServers("reads", 1, 1);
  FakeSteeringDriver d(&s);
  Status left = LeaveReducedMode({{"fake:elsewhere", ""}}, {&d});
  REQUIRE_FALSE(left.ok());
  CHECK_THAT(left.message(), Catch::Contains("fake:elsewhere: no route of the config uses this proxy"));
}

TEST_CASE("route governor: the level is read from evt-budget governor's record") {
  CHECK(*GovernorLevelFromOutput("{\"kind\":\"budget.governor\",\"v\":1,\"ts\":\"2026-12-05T18:00:00.000Z\",\"level\":2}\n") == 2);
  CHECK(GovernorLevelFromOutput("").status().code() == ExitCode::kDataErr);
  CHECK(GovernorLevelFromOutput("{\"kind\":\"budget\",\"level\":2}\n").status().code() == ExitCode::kDataErr);
  CHECK_FALSE(GovernorLevelFromOutput("not json\n").ok());
}
