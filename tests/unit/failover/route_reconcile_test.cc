#include <catch2/catch.hpp>

#include "common/clock.h"
#include "tools/failover/route_reconcile.h"
#include "fake_steering_driver.h"

using namespace evt;
using namespace evt::failover;
using evt::failover::testing::FakeSteeringDriver;
using evt::failover::testing::TwoServers;

namespace {

struct Rig {
  Rig() : clock(TimePoint{} + Duration(1'700'000'000'000)) {
    shared.state = TwoServers("reads", 1, 1);
    std::vector<std::unique_ptr<SteeringDriver>> drivers;
    drivers.push_back(std::make_unique<FakeSteeringDriver>(&shared));
    reconciler.emplace(std::vector<std::string>{"reads"}, std::move(drivers),
                       [this](TimePoint) { return hold; });
  }
  std::vector<ApplyReport> Want(int cache, int origin) {
    WeightsEvent e{"reads", {{"cache", 7}, {"origin", 3}}, {{"cache", cache}, {"origin", origin}}, {}, true,
                   "cache down", clock.Now()};
    std::vector<ApplyReport> out;
    reconciler->Want(0, e, clock.Now(), &out);
    return out;
  }
  std::vector<ApplyReport> Tick() {
    std::vector<ApplyReport> out;
    reconciler->Tick(clock.Now(), &out);
    return out;
  }
  FakeSteeringDriver::Shared shared;
  ManualClock clock;
  std::optional<std::string> hold;
  std::optional<RouteReconciler> reconciler;
};

}  // namespace

TEST_CASE("route reconcile: weights applied are verified by the read-back") {
  Rig rig;
  std::vector<ApplyReport> r = rig.Want(0, 1);
  REQUIRE(r.size() == 1);
  CHECK(r[0].verified);
  CHECK(r[0].attempt == 1);
  CHECK(r[0].driver == "fake:reads");
  CHECK(rig.reconciler->applied(0).size() == 2);
  CHECK_FALSE(rig.reconciler->pending(0));
  CHECK(rig.shared.state.members[0].weight == 0);
}

TEST_CASE("route reconcile: a failed apply is reported in the driver's words, retried with backoff, never claimed") {
  Rig rig;
  rig.shared.fail_next = 2;
  std::vector<ApplyReport> first = rig.Want(0, 1);
  REQUIRE(first.size() == 1);
  CHECK_FALSE(first[0].verified);
  CHECK_THAT(first[0].error, Catch::Contains("static LB algorithm"));
  REQUIRE(first[0].retry_at);
  CHECK(*first[0].retry_at - rig.clock.Now() == kFirstRetry);
  CHECK(rig.reconciler->applied(0).empty());
  CHECK(rig.reconciler->pending(0));
  rig.clock.Advance(Duration(999));
  CHECK(rig.Tick().empty());
  rig.clock.Advance(Duration(1));
  std::vector<ApplyReport> second = rig.Tick();
  REQUIRE(second.size() == 1);
  CHECK_FALSE(second[0].verified);
  CHECK(second[0].attempt == 2);
  CHECK(*second[0].retry_at - rig.clock.Now() == Duration(2000));
  rig.clock.Advance(Duration(2000));
  std::vector<ApplyReport> third = rig.Tick();
  REQUIRE(third.size() == 1);
  CHECK(third[0].verified);
  CHECK(third[0].attempt == 3);
  CHECK_FALSE(rig.reconciler->pending(0));
  CHECK(rig.shared.applies == 3);
}

TEST_CASE("route reconcile: a read-back that differs is a failure, not a success") {
  Rig rig;
  rig.shared.misreport = true;
  std::vector<ApplyReport> r = rig.Want(7, 3);
  REQUIRE(r.size() == 1);
  CHECK_FALSE(r[0].verified);
  CHECK_THAT(r[0].error, Catch::Contains("reads back other weights"));
  CHECK(rig.reconciler->pending(0));
  CHECK(rig.reconciler->applied(0).empty());
}

TEST_CASE("route reconcile: the site hold stops applies, says so once, and what it held is applied after") {
  Rig rig;
  rig.hold = "held until 2026-12-05T18:30:00.000Z by ana@gate-1: swapping the router";
  std::vector<ApplyReport> r = rig.Want(0, 1);
  REQUIRE(r.size() == 1);
  CHECK_FALSE(r[0].verified);
  CHECK_THAT(r[0].held, Catch::Contains("ana@gate-1"));
  CHECK(rig.shared.applies == 0);
  rig.clock.Advance(Duration(5000));
  CHECK(rig.Tick().empty());
  CHECK(rig.shared.applies == 0);
  rig.hold.reset();
  rig.clock.Advance(kHoldRecheck);
  std::vector<ApplyReport> after = rig.Tick();
  REQUIRE(after.size() == 1);
  CHECK(after[0].verified);
  CHECK(rig.shared.applies == 1);
}

TEST_CASE("route reconcile: read-back comparison wants every member at its weight and nothing else serving") {
  const std::vector<MemberWeight> w = {{"cache", 7}, {"origin", 3}};
  CHECK(CarriesWeights(w, TwoServers("b", 7, 3)));
  CHECK_FALSE(CarriesWeights(w, TwoServers("b", 7, 4)));
  BackendState extra = TwoServers("b", 7, 3);
  extra.members.push_back(MemberState{"stray", 1, AdminState::kReady, true});
  CHECK_FALSE(CarriesWeights(w, extra));
  extra.members.back().weight = 0;
  CHECK(CarriesWeights(w, extra));
  CHECK_FALSE(CarriesWeights({{"cache", 7}, {"gone", 3}}, TwoServers("b", 7, 0)));
}
