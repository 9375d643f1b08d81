#include <catch2/catch.hpp>

#include "common/clock.h"
#include "tools/failover/route_decider.h"

using namespace evt;
using namespace evt::failover;

namespace {

RouteSpec Reads() {
  RouteSpec r;
  r.name = "reads";
  r.members = {RouteMember{"cache", {"cache-health"}, 1, 2, 3, ""}, RouteMember{"origin", {}, 1, 3, 2, "primary"}};
  r.split = {70, 30};
  r.ramp = RampSpec{{10, 25, 50, 100}, Duration(30000)};
  return r;
}

RouteSpec Checkout() {
  RouteSpec r;
  r.name = "checkout";
  r.members = {RouteMember{"uplink", {"uplink-health"}, 1, 2, 2, ""}, RouteMember{"slice-a", {"slice-health"}, 1, 2, 2, ""}};
  r.prefer = {"slice-a", "uplink"};
  return r;
}

struct Steering {
  explicit Steering(std::optional<DampingSpec> damping = std::nullopt)
      : decider(RouteSection{{Reads(), Checkout()}, std::nullopt, {}}, damping),
        clock(TimePoint{} + Duration(1'700'000'000'000)) {}
  std::vector<WeightsEvent> Probe(std::string_view target, bool ok) {
    std::vector<WeightsEvent> out;
    decider.Observe(Observation{target, ok, 5, ok ? "" : "connection refused"}, clock.Now(), &out);
    all.insert(all.end(), out.begin(), out.end());
    return out;
  }
  std::vector<WeightsEvent> Tick() {
    std::vector<WeightsEvent> out;
    decider.Tick(clock.Now(), &out);
    all.insert(all.end(), out.begin(), out.end());
    return out;
  }
  void Advance(std::int64_t ms) { clock.Advance(Duration(ms)); }
  std::vector<int> Weights(std::size_t route = 0) const {
    std::vector<int> w;
    for (const MemberWeight& m : decider.desired(route)) w.push_back(m.weight);
    return w;
  }
  // cache's percentage of the reads split.
  double CacheShare() const {
    const auto w = Weights();
    return 100.0 * w[0] / (w[0] + w[1]);
  }

  RouteDecider decider;
  ManualClock clock;
  std::vector<WeightsEvent> all;
};

// Settles cache at the top of its health (rise 2, fall 3), as after a while up.
void Healthy(Steering& s) {
  for (int i = 0; i < 4; ++i) s.Probe("cache-health", true);
}

}  // namespace

TEST_CASE("route decider: the configured split while every member is healthy") {
  Steering s;
  Healthy(s);
  CHECK(s.Weights() == std::vector<int>{7, 3});
  CHECK(s.Weights(1) == std::vector<int>{0, 1});
  CHECK(s.all.empty());
}

TEST_CASE("route decider: the cache member down within its fall count sends all reads to origin") {
  Steering s;
  Healthy(s);
  CHECK(s.Probe("cache-health", false).empty());
  CHECK(s.Probe("cache-health", false).empty());
  std::vector<WeightsEvent> e = s.Probe("cache-health", false);  // fall = 3
  REQUIRE(e.size() == 1);
  CHECK(e[0].route == "reads");
  CHECK(e[0].before[0].weight == 7);
  CHECK(s.Weights() == std::vector<int>{0, 1});
  CHECK_THAT(e[0].reason, Catch::Contains("cache down: connection refused"));
}

TEST_CASE("route decider: a recovered member walks the ramp, each step held, never one jump") {
  Steering s;
  Healthy(s);
  for (int i = 0; i < 3; ++i) s.Probe("cache-health", false);
  s.Advance(5000);
  s.Probe("cache-health", true);
  std::vector<WeightsEvent> up = s.Probe("cache-health", true);  // rise = 2
  REQUIRE(up.size() == 1);
  CHECK(s.CacheShare() == Approx(7));  // 10 % of its 70
  CHECK_THAT(up[0].reason, Catch::Contains("ramp step 1/4"));
  std::vector<double> shares = {s.CacheShare()};
  std::vector<TimePoint> when = {s.clock.Now()};
  for (int second = 0; second < 200; ++second) {
    s.Advance(1000);
    s.Probe("cache-health", true);
    if (!s.Tick().empty()) {
      shares.push_back(s.CacheShare());
      when.push_back(s.clock.Now());
    }
  }
  // 7 %, 17.5 → 18 %, 35 %, 70 %: every step rises, none is skipped.
  REQUIRE(shares.size() == 4);
  CHECK(shares == std::vector<double>{7, 18, 35, 70});
  for (std::size_t i = 1; i < when.size(); ++i) CHECK(when[i] - when[i - 1] >= Duration(30000));
  CHECK(s.Weights() == std::vector<int>{7, 3});
}

TEST_CASE("route decider: a failing check holds the ramp step") {
  Steering s;
  Healthy(s);
  for (int i = 0; i < 3; ++i) s.Probe("cache-health", false);
  s.Probe("cache-health", true);
  s.Probe("cache-health", true);
  REQUIRE(s.CacheShare() == Approx(7));
  s.Advance(29000);
  CHECK(s.Tick().empty());
  s.Probe("cache-health", false);  // health drops but stays up (rise 2, fall 3: top 4, now 3... )
  s.Advance(5000);
  CHECK(s.Tick().empty());
  CHECK(s.CacheShare() == Approx(7));
  s.Probe("cache-health", true);
  CHECK_FALSE(s.Tick().empty());
  CHECK(s.CacheShare() == Approx(18));
}

TEST_CASE("route decider: a flapping member is suppressed and returns along the ramp after damping") {
  DampingSpec damping;  // penalty 1000, suppress 2000, reuse 750, half-life 60 s
  Steering s(damping);
  Healthy(s);
  for (int flap = 0; flap < 3; ++flap) {
    for (int i = 0; i < 3; ++i) s.Probe("cache-health", false);
    for (int i = 0; i < 2; ++i) s.Probe("cache-health", true);
    s.Advance(1000);
  }
  CHECK(s.decider.ramp(0, 0).phase() == MemberRamp::Phase::kSuppressed);
  CHECK(s.decider.MemberUp(0, 0));
  CHECK(s.Weights() == std::vector<int>{0, 1});
  bool suppressed_reason = false;
  for (const WeightsEvent& e : s.all) suppressed_reason = suppressed_reason || e.reason.find("suppressed by damping") != std::string::npos;
  CHECK(suppressed_reason);
  s.Advance(60000);
  CHECK(s.Tick().empty());  // penalty ~1500 after 60 s: still above reuse
  REQUIRE(s.decider.NextDue());
  s.clock.Advance(*s.decider.NextDue() - s.clock.Now());
  std::vector<WeightsEvent> back = s.Tick();
  REQUIRE(back.size() == 1);
  CHECK_THAT(back[0].reason, Catch::Contains("reused after damping"));
  CHECK(s.CacheShare() == Approx(7));
}

TEST_CASE("route decider: a prefer route puts the class on its first healthy member, each route on its own") {
  Steering s;
  for (int i = 0; i < 3; ++i) s.Probe("slice-health", true);
  CHECK(s.Weights(1) == std::vector<int>{0, 1});
  s.Probe("slice-health", false);
  std::vector<WeightsEvent> e = s.Probe("slice-health", false);
  REQUIRE(e.size() == 1);
  CHECK(e[0].route == "checkout");
  CHECK(s.Weights(1) == std::vector<int>{1, 0});
  CHECK(s.Weights(0) == std::vector<int>{7, 3});
}

TEST_CASE("route decider: a member on a path follows the path") {
  Steering s;
  std::vector<WeightsEvent> out;
  s.decider.PathHealth("primary", false, s.clock.Now(), &out);
  REQUIRE(out.size() == 1);
  CHECK(s.Weights() == std::vector<int>{1, 0});
  CHECK_THAT(out[0].reason, Catch::Contains("origin down: path primary down"));
  out.clear();
  s.decider.PathHealth("primary", false, s.clock.Now(), &out);
  CHECK(out.empty());
}
