// Properties of the decider over randomized probe sequences:
// it never activates a path that is down or suppressed, it always has an
// eligible path active when one exists, and damping bounds the switches.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "failover_test_util.h"

using namespace evt::failover;
using namespace evt::failover::testing;
using evt::Duration;

namespace {

FailoverSpec RandomSpec(std::mt19937& rng, bool with_local) {
  FailoverSpec s;
  s.failback_after = Duration(std::uniform_int_distribution<int>(0, 20000)(rng));
  s.damping = DampingSpec{1000, 2000, 750, Duration(60000), Duration(600000)};
  std::uniform_int_distribution<int> small(1, 4);
  s.paths = {MakePath("primary", {"uplink"}, small(rng), small(rng)),
             MakePath("5g", {"slice", "slice-b"}, small(rng), small(rng)),
             MakePath("mesh", {"mesh"}, small(rng), small(rng))};
  s.paths[1].reliability = std::uniform_int_distribution<int>(1, 2)(rng);
  DegradedSpec deg;
  deg.raise = {0.3, 500};
  deg.clear = {0.1, 200};
  deg.window = 8;
  s.paths[2].degraded = deg;
  if (with_local) s.paths.push_back(MakePath("local", {}));
  return s;
}

bool AnyEligible(const Decider& d, evt::TimePoint now) {
  for (std::size_t i = 0; i < d.spec().paths.size(); ++i)
    if (d.Eligible(i, now)) return true;
  return false;
}

int IndexOf(const Decider& d, const std::string& name) {
  for (std::size_t i = 0; i < d.spec().paths.size(); ++i)
    if (d.spec().paths[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("failover property: the active path is eligible whenever any path is, and switches only to eligible paths") {
  const char* targets[] = {"uplink", "slice", "slice-b", "mesh"};
  for (unsigned seed = 1; seed <= 200; ++seed) {
    std::mt19937 rng(seed);
    Driver d(RandomSpec(rng, seed % 2 == 0));
    std::bernoulli_distribution tick(0.2);
    std::uniform_int_distribution<int> target(0, 3);
    std::uniform_int_distribution<int> step(0, 3000);
    std::uniform_real_distribution<double> latency(1, 900);
    double ok_chance[4] = {0.9, 0.9, 0.9, 0.9};
    for (int i = 0; i < 2000; ++i) {
      if (i % 200 == 0)
        for (double& p : ok_chance) p = std::uniform_real_distribution<double>(0, 1)(rng);
      d.Advance(step(rng));
      std::vector<Event> out;
      if (tick(rng)) {
        out = d.Tick();
      } else {
        const int t = target(rng);
        out = d.Probe(targets[t], std::bernoulli_distribution(ok_chance[t])(rng), latency(rng));
      }
      const evt::TimePoint now = d.clock.Now();
      INFO("seed " << seed << " step " << i);
      for (const Event& e : out) {
        if (e.type != EventType::kSwitch) continue;
        CHECK(e.path != e.previous);
      }
      if (AnyEligible(d.decider, now)) {
        const int active = IndexOf(d.decider, d.decider.active());
        REQUIRE(active >= 0);
        REQUIRE(d.decider.Eligible(static_cast<std::size_t>(active), now));
        REQUIRE(d.decider.Up(static_cast<std::size_t>(active)));
        REQUIRE_FALSE(d.decider.Suppressed(static_cast<std::size_t>(active)));
      }
    }
  }
}

TEST_CASE("failover property: damping bounds how often a flapping primary is activated") {
  // Leaving primary takes a flap while it is active (so not suppressed);
  // each such flap adds 1000 to a penalty that is at most 3000 then and
  // decays by at most 3000*ln2/60 s per second. So the activations over T
  // seconds are at most 1 + 3 + T * 3000 * ln2 / 60 / 1000.
  for (unsigned seed = 1; seed <= 50; ++seed) {
    std::mt19937 rng(seed);
    FailoverSpec s = RandomSpec(rng, true);
    s.failback_after = Duration(0);
    s.paths[0].rise = 1;
    s.paths[0].fall = 1;
    Driver d(std::move(s));
    std::uniform_int_distribution<int> step(100, 2000);
    std::bernoulli_distribution ok(0.5);
    for (int i = 0; i < 3000; ++i) {
      d.Advance(step(rng));
      d.Probe("uplink", ok(rng));
      if (i % 3 == 0) d.Probe("slice", true);
    }
    const double seconds = static_cast<double>((d.clock.Now() - At(0)).count()) / 1000.0;
    const int activations = CountOf(d.all, EventType::kSwitch, "primary");
    const double bound = 4 + seconds * 3000 * std::log(2.0) / 60 / 1000;
    INFO("seed " << seed << ": " << activations << " activations in " << seconds << " s, bound " << bound
                 << ", downs " << CountOf(d.all, EventType::kDown, "primary"));
    CHECK(activations <= bound);
    CHECK(CountOf(d.all, EventType::kDown, "primary") > 5 * activations);  // the flapping was real
  }
}
