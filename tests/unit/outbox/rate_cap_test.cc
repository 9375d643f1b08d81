#include "tools/outbox/rate_cap.h"

#include <catch2/catch.hpp>

namespace evt::outbox {
namespace {

using Instant = RateCap::Instant;

TEST_CASE("rate_cap: a full bucket lets one second's worth through, then one per 1/rate") {
  Instant t0{};
  RateCap cap(4, t0);
  for (int i = 0; i < 4; ++i) CHECK(cap.TryTake(t0));
  CHECK_FALSE(cap.TryTake(t0));
  CHECK(cap.Wait(t0) == Duration(250));
  CHECK_FALSE(cap.TryTake(t0 + Duration(249)));
  CHECK(cap.TryTake(t0 + Duration(250)));
}

TEST_CASE("rate_cap: over a long run the rate holds, whatever the polling") {
  Instant t{};
  RateCap cap(20, t);
  int sent = 0;
  for (int ms = 0; ms < 10000; ms += 7) {
    while (cap.TryTake(t + Duration(ms))) ++sent;
  }
  // 20 at the start from the full bucket, then 20 a second for 10 s.
  CHECK(sent >= 215);
  CHECK(sent <= 221);
}

TEST_CASE("rate_cap: a rate under one a second still lets single sends through") {
  Instant t{};
  RateCap cap(0.5, t);
  CHECK(cap.TryTake(t));
  CHECK_FALSE(cap.TryTake(t + Duration(1000)));
  CHECK(cap.Wait(t + Duration(1000)) == Duration(1000));
  CHECK(cap.TryTake(t + Duration(2000)));
}

TEST_CASE("rate_cap: lowering the rate cuts the tokens saved to the new bucket") {
  Instant t{};
  RateCap cap(100, t);
  cap.SetRate(2, t);
  CHECK(cap.rate() == 2);
  CHECK(cap.TryTake(t));
  CHECK(cap.TryTake(t));
  CHECK_FALSE(cap.TryTake(t));
}

}  // namespace
}  // namespace evt::outbox
