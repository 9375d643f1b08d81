// Flap damping end to end, on the decider with a settable
// clock: penalty 1000, suppress 2000, reuse 750, half-life 60 s; a primary
// flapping every second with failback_after 0 (so damping alone limits
// switching) is suppressed at the third flap and stays out about 120 s.
#include <catch2/catch.hpp>

#include "failover_test_util.h"

using namespace evt::failover;
using namespace evt::failover::testing;
using evt::Duration;

namespace {

FailoverSpec Flappy(Duration max_suppress = Duration(600000)) {
  FailoverSpec s;
  s.failback_after = Duration(0);
  s.damping = DampingSpec{1000, 2000, 750, Duration(60000), max_suppress};
  s.paths = {MakePath("primary", {"uplink"}, 1, 1), MakePath("5g", {"slice"}, 1, 1)};
  return s;
}

// One flap a second: down at the second, up half a second later.
void FlapOnce(Driver& d) {
  d.Probe("uplink", false);
  d.Advance(500);
  d.Probe("uplink", true);
  d.Advance(500);
}

}  // namespace

TEST_CASE("failover damping: three quick flaps suppress the primary for about 120 s, then it is chosen again") {
  Driver d(Flappy());
  d.Probe("slice", true);
  d.Probe("uplink", true);
  REQUIRE(d.decider.active() == "primary");
  FlapOnce(d);
  FlapOnce(d);
  CHECK(CountOf(d.all, EventType::kSuppressed) == 0);
  CHECK(d.decider.active() == "primary");  // failback_after 0: back at once
  const auto third_flap = d.clock.Now();
  auto out = d.Probe("uplink", false);
  REQUIRE(CountOf(out, EventType::kSuppressed, "primary") == 1);
  const Event& suppressed = out[1];
  REQUIRE(suppressed.until);
  const Duration predicted = std::chrono::duration_cast<Duration>(*suppressed.until - third_flap);
  INFO("suppressed for " << predicted.count() << " ms");
  CHECK(predicted >= Duration(118000));
  CHECK(predicted <= Duration(120500));
  CHECK(d.decider.active() == "5g");

  // Healthy from now on, every second: primary stays out until the reuse time.
  std::int64_t elapsed = 0;
  while (d.decider.active() != "primary" && elapsed < 200000) {
    d.Advance(1000);
    elapsed += 1000;
    d.Probe("uplink", true);
    d.Probe("slice", true);
  }
  const Duration measured = std::chrono::duration_cast<Duration>(d.clock.Now() - third_flap);
  INFO("primary back after " << measured.count() << " ms");
  CHECK(measured >= predicted);
  CHECK(measured <= predicted + Duration(1000));
  CHECK(CountOf(d.all, EventType::kReused, "primary") == 1);
  // Switches: start, then away and back for the two unsuppressed flaps,
  // away at the third, back after reuse.
  CHECK(CountOf(d.all, EventType::kSwitch) == 1 + 4 + 1 + 1);
}

TEST_CASE("failover damping: ten minutes of 1 Hz flapping switch only a handful of times") {
  Driver d(Flappy());
  d.Probe("slice", true);
  d.Probe("uplink", true);
  for (int i = 0; i < 600; ++i) {
    FlapOnce(d);
    d.Probe("slice", true);
  }
  const int switches = CountOf(d.all, EventType::kSwitch);
  INFO("switches: " << switches);
  // Without damping: 2 per flap, 1200. With it: the first suppression at
  // the third flap, then held by max_suppress (10 m) as the flapping keeps
  // the penalty at its ceiling.
  CHECK(switches <= 1 + 4 + 1 + 2);
}
