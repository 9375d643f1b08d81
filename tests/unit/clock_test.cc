#include "common/clock.h"

#include <catch2/catch.hpp>

namespace evt {
namespace {

using std::chrono::milliseconds;

TEST_CASE("clock: the system clock reads the machine's wall and monotonic time", "[clock]") {
  SystemClock clock;
  auto before = std::chrono::system_clock::now();
  TimePoint now = clock.Now();
  auto after = std::chrono::system_clock::now();
  CHECK(now >= std::chrono::floor<milliseconds>(before));
  CHECK(now <= std::chrono::ceil<milliseconds>(after));
  auto m1 = clock.Monotonic();
  auto m2 = clock.Monotonic();
  CHECK(m2 >= m1);
}

TEST_CASE("clock: a manual clock stands still until moved", "[clock]") {
  TimePoint start = TimePoint{milliseconds{1'796'000'000'000}};
  ManualClock clock(start);
  const Clock& as_clock = clock;
  auto mono = as_clock.Monotonic();
  CHECK(as_clock.Now() == start);
  CHECK(as_clock.Now() == start);
  CHECK(as_clock.Monotonic() == mono);
}

TEST_CASE("clock: advancing a manual clock moves wall and monotonic time together", "[clock]") {
  ManualClock clock;
  auto mono = clock.Monotonic();
  clock.Advance(milliseconds{1500});
  CHECK(clock.Now() == TimePoint{milliseconds{1500}});
  CHECK(clock.Monotonic() - mono == milliseconds{1500});
}

TEST_CASE("clock: setting a manual clock steps wall time only", "[clock]") {
  ManualClock clock;
  auto mono = clock.Monotonic();
  TimePoint later = TimePoint{milliseconds{5'000'000}};
  clock.Set(later);
  CHECK(clock.Now() == later);
  CHECK(clock.Monotonic() == mono);
  clock.Set(TimePoint{});
  CHECK(clock.Now() == TimePoint{});
}

TEST_CASE("clock: moving a manual clock back never moves monotonic time back", "[clock]") {
  ManualClock clock(TimePoint{milliseconds{10'000}});
  clock.Advance(milliseconds{500});
  auto mono = clock.Monotonic();
  clock.Advance(milliseconds{-2000});
  CHECK(clock.Now() == TimePoint{milliseconds{8'500}});
  CHECK(clock.Monotonic() == mono);
}

}  // namespace
}  // namespace evt
