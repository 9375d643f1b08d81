#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "tools/failover/failover_store.h"
#include "tools/failover/route_loop.h"
#include "fake_steering_driver.h"

using namespace evt;
using namespace evt::failover;
using evt::failover::testing::FakeSteeringDriver;
using evt::failover::testing::TwoServers;

namespace {

TimePoint At(std::int64_t ms) { return TimePoint{} + Duration(1'700'000'000'000 + ms); }

struct LoopRig {
  explicit LoopRig(std::optional<int> governor_level = std::nullopt) {
    char pattern[] = "/tmp/evt-route-loop-XXXXXX";
    dir = mkdtemp(pattern);
    shared.state = TwoServers("reads", 1, 1);
    RouteSpec reads;
    reads.name = "reads";
    reads.backend = "reads";
    reads.members = {RouteMember{"cache", {"cache-health"}, 1, 2, 2, ""}, RouteMember{"origin", {}, 1, 3, 2, "primary"}};
    reads.split = {70, 30};
    RouteSection section{{reads}, ReducedMode{{ClassLimit{"reads", true, 0, 0}}, governor_level}, {"cache-health"}};
    std::vector<std::unique_ptr<SteeringDriver>> drivers;
    drivers.push_back(std::make_unique<FakeSteeringDriver>(&shared));
    FailoverSpec spec;
    PathSpec primary;
    primary.name = "primary";
    primary.targets = {"uplink"};
    spec.paths = {primary};
    paths.emplace(spec);
    out_file = std::tmpfile();
    out.emplace(out_file);
    GovernorReader governor;
    if (governor_level) governor = [this]() -> Result<int> { return level; };
    Result<RouteStore> own = RouteStore::Open(dir), other = RouteStore::Open(dir);
    REQUIRE(own.ok());
    REQUIRE(other.ok());
    loop.emplace(section, std::nullopt, std::move(drivers), std::move(*own), *out,
                 [this](TimePoint) { return hold; }, governor);
    side.emplace(std::move(*other));
  }
  ~LoopRig() {
    loop.reset();
    side.reset();
    std::fclose(out_file);
    std::system(("rm -rf '" + dir + "'").c_str());
  }
  std::vector<std::string> Events() {
    Result<FailoverStore> history = FailoverStore::Open(dir);
    REQUIRE(history.ok());
    Result<std::vector<std::string>> records = history->History(100);
    REQUIRE(records.ok());
    return *records;
  }
  std::string dir;
  FakeSteeringDriver::Shared shared;
  std::optional<Decider> paths;
  std::FILE* out_file = nullptr;
  std::optional<RecordWriter> out;
  std::optional<std::string> hold;
  int level = 0;
  std::optional<RouteLoop> loop;
  std::optional<RouteStore> side;  // the `mode` command's connection
};

}  // namespace

TEST_CASE("route loop: the configured split is applied at start and recorded verified") {
  LoopRig rig;
  REQUIRE(rig.loop->Start(At(0)).ok());
  CHECK(rig.shared.state.members[0].weight == 7);
  std::vector<std::string> history = rig.Events();
  REQUIRE(history.size() == 1);
  CHECK_THAT(history[0], Catch::Contains("\"event\":\"weights\"") && Catch::Contains("\"verified\":true"));
}

TEST_CASE("route loop: a path member follows the paths' decider after its tick") {
  LoopRig rig;
  REQUIRE(rig.loop->Start(At(0)).ok());
  std::vector<Event> events;
  rig.paths->Observe(Observation{"uplink", false, 5, "refused"}, At(100), &events);
  REQUIRE_FALSE(rig.paths->Up(0));
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(100)).ok());
  CHECK(rig.shared.state.members[0].weight == 1);
  CHECK(rig.shared.state.members[1].weight == 0);
}

TEST_CASE("route loop: a mode request is taken, applied, confirmed, and ends at its time restoring the proxy") {
  LoopRig rig;
  rig.shared.limits = {"old:rate"};
  REQUIRE(rig.loop->Start(At(0)).ok());
  REQUIRE(rig.side->RequestMode(ModeRequest{0, "reduced", Duration(60000), "ana@gate-1"}).ok());
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(1000)).ok());
  CHECK(rig.shared.limits == std::vector<std::string>{"reads:deny"});
  Result<ModeState> mode = rig.side->LoadMode();
  REQUIRE(mode.ok());
  CHECK(mode->mode == "reduced");
  CHECK(mode->until == At(61000));
  CHECK_THAT(rig.Events().back(), Catch::Contains("\"event\":\"mode\"") && Catch::Contains("\"verified\":true") &&
                                      Catch::Contains("requested by ana@gate-1 for "));
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(60000)).ok());
  CHECK(rig.shared.limits == std::vector<std::string>{"reads:deny"});
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(61000)).ok());
  CHECK(rig.shared.limits == std::vector<std::string>{"old:rate"});
  CHECK(rig.side->LoadMode()->mode == "normal");
  CHECK_THAT(rig.Events().back(), Catch::Contains("its time ended"));
}

TEST_CASE("route loop: the governor's level enters the mode and, dropping, leaves only what it entered") {
  LoopRig rig(2);
  REQUIRE(rig.loop->Start(At(0)).ok());
  rig.level = 2;
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(0)).ok());
  CHECK(rig.loop->mode().mode == "reduced");
  CHECK(rig.loop->mode().by == "the budget governor");
  rig.level = 0;
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(5000)).ok());  // polled at most every 10 s
  CHECK(rig.loop->mode().mode == "reduced");
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(10000)).ok());
  CHECK(rig.loop->mode().mode == "normal");
  // An operator's reduced mode is not the governor's to end.
  REQUIRE(rig.side->RequestMode(ModeRequest{0, "reduced", std::nullopt, "ana@gate-1"}).ok());
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(11000)).ok());
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(21000)).ok());
  CHECK(rig.loop->mode().mode == "reduced");
  CHECK(rig.loop->mode().by == "ana@gate-1");
}
