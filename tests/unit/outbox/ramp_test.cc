#include "tools/outbox/ramp.h"

#include <catch2/catch.hpp>

namespace evt::outbox {
namespace {

using Instant = Ramp::Instant;

void Sends(Ramp& ramp, Instant at, int ok, int failed) {
  for (int i = 0; i < ok; ++i) ramp.Note(false, at);
  for (int i = 0; i < failed; ++i) ramp.Note(true, at);
}

TEST_CASE("ramp: starts at a fraction of the cap and doubles each clean interval up to the cap") {
  Instant t{};
  Ramp ramp({0.1, Duration(10000), 0.05}, 20, t);
  CHECK(ramp.Rate(t) == Approx(2));
  Sends(ramp, t + Duration(1000), 20, 0);
  CHECK(ramp.Rate(t + Duration(9999)) == Approx(2));
  CHECK(ramp.Rate(t + Duration(10000)) == Approx(4));
  Sends(ramp, t + Duration(11000), 40, 0);
  CHECK(ramp.Rate(t + Duration(20000)) == Approx(8));
  Sends(ramp, t + Duration(21000), 80, 0);
  CHECK(ramp.Rate(t + Duration(30000)) == Approx(16));
  Sends(ramp, t + Duration(31000), 160, 0);
  CHECK(ramp.Rate(t + Duration(40000)) == Approx(20));
  CHECK(ramp.restarts() == 0);
}

TEST_CASE("ramp: an interval at or over the error bound sends it back to the start") {
  Instant t{};
  Ramp ramp({0.25, Duration(1000), 0.1}, 40, t);
  Sends(ramp, t, 10, 0);
  CHECK(ramp.Rate(t + Duration(1000)) == Approx(20));
  Sends(ramp, t + Duration(1500), 9, 1);  // 10 %: not under the bound
  CHECK(ramp.Rate(t + Duration(2000)) == Approx(10));
  CHECK(ramp.restarts() == 1);
  Sends(ramp, t + Duration(2500), 19, 1);  // 5 %: under it
  CHECK(ramp.Rate(t + Duration(3000)) == Approx(20));
}

TEST_CASE("ramp: quiet intervals keep the rate, and Restart drops to the start") {
  Instant t{};
  Ramp ramp({0.5, Duration(1000), 0.05}, 10, t);
  CHECK(ramp.Rate(t + Duration(60000)) == Approx(5));
  Sends(ramp, t + Duration(60500), 3, 0);
  CHECK(ramp.Rate(t + Duration(61000)) == Approx(10));
  ramp.Restart(t + Duration(61000));
  CHECK(ramp.Rate(t + Duration(61000)) == Approx(5));
}

}  // namespace
}  // namespace evt::outbox
