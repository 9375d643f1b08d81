#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "tools/failover/canary_store.h"
#include "tools/failover/route_loop.h"
#include "fake_steering_driver.h"

using namespace evt;
using namespace evt::failover;
using evt::failover::testing::FakeSteeringDriver;

namespace {

TimePoint At(std::int64_t ms) { return TimePoint{} + Duration(1'700'000'000'000 + ms); }

int WeightOf(const BackendState& state, const std::string& member) {
  for (const MemberState& m : state.members)
    if (m.member == member) return m.weight;
  return -1;
}

// The watch daemon's route loop over a route a, b (baseline, 60/40) and
// new (the canary), with a canary's lease in the same failover.db.
struct WatchRig {
  WatchRig() {
    char pattern[] = "/tmp/evt-canary-watch-XXXXXX";
    dir = mkdtemp(pattern);
    shared.state = BackendState{"reads", "roundrobin",
                                {MemberState{"a", 1, AdminState::kReady, true}, MemberState{"b", 1, AdminState::kReady, true},
                                 MemberState{"new", 0, AdminState::kReady, true}}};
    RouteSpec reads;
    reads.name = "reads";
    reads.backend = "reads";
    reads.members = {RouteMember{"a", {"a-health"}, 1, 1, 1, ""}, RouteMember{"b", {"b-health"}, 1, 1, 1, ""},
                     RouteMember{"new", {"new-health"}, 1, 1, 1, ""}};
    reads.split = {60, 40, 0};
    RouteSection section{{reads}, std::nullopt, {"a-health", "b-health", "new-health"}};
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
    Result<RouteStore> routes = RouteStore::Open(dir);
    Result<CanaryStore> own = CanaryStore::Open(dir), side = CanaryStore::Open(dir);
    REQUIRE(routes.ok());
    REQUIRE(own.ok());
    REQUIRE(side.ok());
    loop.emplace(section, std::nullopt, std::move(drivers), std::move(*routes), *out,
                 [](TimePoint) { return std::optional<std::string>(); }, GovernorReader());
    loop->WatchCanaries(std::move(*own));
    canary.emplace(std::move(*side));
  }
  ~WatchRig() {
    loop.reset();
    canary.reset();
    std::fclose(out_file);
    std::system(("rm -rf '" + dir + "'").c_str());
  }
  void Lease(int step, CanaryState state = CanaryState::kRunning) {
    CanaryRun run;
    run.route = "reads";
    run.canary = "new";
    run.baseline = {"a", "b"};
    run.steps = {20, 50, 100};
    run.step = step;
    run.state = state;
    run.holder = ThisHolder();
    Result<std::optional<CanaryRun>> stored = canary->Load("reads");
    REQUIRE(stored.ok());
    if (!stored->has_value()) REQUIRE(canary->Acquire(run).ok());
    REQUIRE(canary->Save(run).ok());
  }
  std::string dir;
  FakeSteeringDriver::Shared shared;
  std::optional<Decider> paths;
  std::FILE* out_file = nullptr;
  std::optional<RecordWriter> out;
  std::optional<RouteLoop> loop;
  std::optional<CanaryStore> canary;
};

}  // namespace

TEST_CASE("canary watch: the daemon starting on a leased route applies the canary's step, not the split") {
  WatchRig rig;
  rig.Lease(1);  // 50 %
  REQUIRE(rig.loop->Start(At(0)).ok());
  CHECK(WeightOf(rig.shared.state, "new") == 5);  // 50 / 30 / 20 by their gcd
  CHECK(WeightOf(rig.shared.state, "a") == 3);
  CHECK(WeightOf(rig.shared.state, "b") == 2);
}

TEST_CASE("canary watch: a baseline member failing moves its share to the other baseline member, never undoing the step") {
  WatchRig rig;
  rig.Lease(0);  // 20 %
  REQUIRE(rig.loop->Start(At(0)).ok());
  REQUIRE(WeightOf(rig.shared.state, "new") == 5);  // 20/48/32 by gcd 4
  REQUIRE(rig.loop->Observe(Observation{"b-health", false, 5, "refused"}, At(100)).ok());
  CHECK(WeightOf(rig.shared.state, "b") == 0);
  CHECK(WeightOf(rig.shared.state, "new") == 1);  // 20/80
  CHECK(WeightOf(rig.shared.state, "a") == 4);
}

TEST_CASE("canary watch: the canary member failing is marked for the canary, and its step stays") {
  WatchRig rig;
  rig.Lease(1);
  REQUIRE(rig.loop->Start(At(0)).ok());
  REQUIRE(rig.loop->Observe(Observation{"new-health", false, 5, "refused"}, At(100)).ok());
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(1000)).ok());
  Result<std::optional<CanaryRun>> run = rig.canary->Load("reads");
  REQUIRE(run.ok());
  CHECK((*run)->canary_down == At(1000));
  CHECK(WeightOf(rig.shared.state, "new") == 5);
}

TEST_CASE("canary watch: the daemon follows the canary's next step and the split comes back when it rolls back") {
  WatchRig rig;
  rig.Lease(0);
  REQUIRE(rig.loop->Start(At(0)).ok());
  rig.Lease(1);
  REQUIRE(rig.loop->Observe(Observation{"b-health", false, 5, "refused"}, At(100)).ok());
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(1000)).ok());
  CHECK(WeightOf(rig.shared.state, "new") == 1);  // 50 / 50 with b down
  CHECK(WeightOf(rig.shared.state, "a") == 1);
  CanaryRun ended;
  ended.route = "reads";
  ended.canary = "new";
  ended.baseline = {"a", "b"};
  ended.steps = {20, 50, 100};
  ended.state = CanaryState::kRolledBack;
  ended.holder = ThisHolder();
  REQUIRE(rig.canary->Save(ended).ok());
  REQUIRE(rig.loop->AfterTick(*rig.paths, At(2000)).ok());
  CHECK(WeightOf(rig.shared.state, "new") == 0);
  CHECK(WeightOf(rig.shared.state, "a") == 1);  // b still down: a carries it all
  CHECK(WeightOf(rig.shared.state, "b") == 0);
}
