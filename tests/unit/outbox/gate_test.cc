#include "tools/outbox/gate.h"

#include <catch2/catch.hpp>

#include "tests/unit/store_test_util.h"

namespace evt::outbox {
namespace {

constexpr const char* kFailover =
    "{\"kind\":\"failover.path\",\"v\":1,\"path\":\"uplink\",\"active\":false}\n"
    "{\"kind\":\"failover.path\",\"v\":1,\"path\":\"mesh\",\"active\":true}\n";
constexpr const char* kBudget =
    "{\"kind\":\"budget\",\"v\":1,\"name\":\"cash\",\"state\":\"ok\"}\n"
    "{\"kind\":\"budget.governor\",\"v\":1,\"level\":1}\n";

TEST_CASE("gate: reads the active path and the shed level from the tools' records") {
  CHECK(*ActivePathFromStatus(kFailover) == std::optional<std::string>("mesh"));
  CHECK(*ActivePathFromStatus("{\"kind\":\"failover.path\",\"path\":\"uplink\",\"active\":false}\n") == std::nullopt);
  CHECK_FALSE(ActivePathFromStatus("").ok());
  CHECK_FALSE(ActivePathFromStatus("not json\n").ok());
  CHECK(*ShedLevelFromGovernor(kBudget) == 1);
  CHECK_FALSE(ShedLevelFromGovernor("{\"kind\":\"budget\"}\n").ok());
}

TEST_CASE("gate: open only while a named path is active and the shed level is low enough") {
  GateSpec spec{{"uplink", "slice"}, 1};
  GateReadings r;
  r.active_path = "uplink";
  r.shed_level = 1;
  CHECK(JudgeGate(spec, r).open);
  r.active_path = "mesh";
  GateVerdict closed = JudgeGate(spec, r);
  CHECK_FALSE(closed.open);
  CHECK(closed.reason == "no path of when.active is active (active: mesh)");
  r.active_path = "slice";
  r.shed_level = 2;
  CHECK(JudgeGate(spec, r).reason == "shed level 2 is over when.max_shed_level 1");
  CHECK(JudgeGate(GateSpec{}, GateReadings{}).open);
}

TEST_CASE("gate: an unreadable reading or a hold closes it") {
  GateSpec spec{{"uplink"}, std::nullopt};
  GateReadings r;
  r.failover_error = "evt-failover status --json: exit 78";
  CHECK(JudgeGate(spec, r).reason == "failover state unreadable: evt-failover status --json: exit 78");
  GateReadings held;
  held.active_path = "uplink";
  held.hold = SiteHold{"swapping the router", "ana@gate-1", TimePoint{}, TimePoint{}};
  GateVerdict v = JudgeGate(spec, held);
  CHECK_FALSE(v.open);
  CHECK_THAT(v.reason, Catch::StartsWith("site hold: "));
}

TEST_CASE("gate: Check runs the tools it needs with the site's arguments, and only those") {
  store_test::TempDir dir;
  std::vector<std::vector<std::string>> calls;
  ToolRunner fake = [&](const std::vector<std::string>& argv) -> Result<std::string> {
    calls.push_back(argv);
    if (argv[0] == "evt-failover") return std::string(kFailover);
    return Status::Unavailable("evt-budget not found beside evt-outbox or on PATH");
  };
  Gate only_path(GateSpec{{"mesh"}, std::nullopt}, {"--config", "site.json"}, dir.path(), fake);
  CHECK(only_path.Check(TimePoint{}).open);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0] == std::vector<std::string>{"evt-failover", "status", "--json", "--config", "site.json"});
  Gate with_budget(GateSpec{{"mesh"}, 0}, {}, dir.path(), fake);
  GateVerdict v = with_budget.Check(TimePoint{});
  CHECK_FALSE(v.open);
  CHECK(v.reason == "budget shed level unreadable: evt-budget not found beside evt-outbox or on PATH");
  calls.clear();
  Gate none(GateSpec{}, {}, dir.path(), fake);
  CHECK(none.Check(TimePoint{}).open);
  CHECK(calls.empty());
}

}  // namespace
}  // namespace evt::outbox
