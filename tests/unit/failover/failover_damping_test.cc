#include <catch2/catch.hpp>

#include "tools/failover/damping.h"
#include "failover_test_util.h"

using namespace evt::failover;
using evt::Duration;
using evt::failover::testing::At;

namespace {
DampingSpec Rfc2439Example() { return DampingSpec{1000, 2000, 750, Duration(60000), Duration(600000)}; }
}  // namespace

TEST_CASE("failover damping: the penalty halves every half-life") {
  Damping d(Rfc2439Example());
  d.AddFlap(At(0));
  CHECK(d.PenaltyAt(At(0)) == Approx(1000));
  CHECK(d.PenaltyAt(At(60000)) == Approx(500));
  CHECK(d.PenaltyAt(At(120000)) == Approx(250));
}

TEST_CASE("failover damping: two quick flaps stay under suppress 2000, the third suppresses for about 120 s") {
  Damping d(Rfc2439Example());
  CHECK_FALSE(d.AddFlap(At(0)));
  CHECK_FALSE(d.AddFlap(At(1000)));
  CHECK_FALSE(d.suppressed());
  CHECK(d.AddFlap(At(2000)));
  REQUIRE(d.suppressed());
  // 1000*2^(-2/60) + 1000*2^(-1/60) + 1000 = 2965.7; under 750 after
  // 60 s * log2(2965.7/750) = 119.0 s.
  CHECK(d.state().penalty == Approx(2965.7).epsilon(0.001));
  const auto held = *d.state().suppressed_until - At(2000);
  CHECK(held >= Duration(118000));
  CHECK(held <= Duration(120000));
  CHECK_FALSE(d.Refresh(At(2000 + 118000)));
  CHECK(d.Refresh(At(2000 + 120000)));
  CHECK_FALSE(d.suppressed());
  CHECK(d.PenaltyAt(At(122000)) < 750);
}

TEST_CASE("failover damping: never suppressed longer than max_suppress") {
  DampingSpec spec = Rfc2439Example();
  spec.max_suppress = Duration(90000);
  Damping d(spec);
  for (int i = 0; i < 50; ++i) d.AddFlap(At(i * 100));
  REQUIRE(d.suppressed());
  CHECK(*d.state().suppressed_until <= *d.state().suppressed_since + Duration(90000));
  // The ceiling: reuse * 2^(max_suppress/half_life) = 750 * 2^1.5.
  CHECK(d.state().penalty <= Approx(750 * 2.8284271).epsilon(0.001));
}

TEST_CASE("failover damping: flaps far apart never suppress") {
  Damping d(Rfc2439Example());
  for (int i = 0; i < 100; ++i) CHECK_FALSE(d.AddFlap(At(i * 120000LL)));
  CHECK_FALSE(d.suppressed());
}
