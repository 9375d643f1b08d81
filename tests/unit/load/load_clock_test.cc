#include "tools/load/load_clock.h"

#include <catch2/catch.hpp>
#include <chrono>

namespace evt::load {
namespace {

constexpr TimePoint kWallStart{std::chrono::milliseconds(1'767'225'600'000)};  // 2026-01-01T00:00:00Z

TEST_CASE("load clock: the system clock sleeps to an absolute monotonic time", "[load][clock]") {
  SystemLoadClock clock;
  for (auto ahead : {std::chrono::microseconds(300), std::chrono::microseconds(2500)}) {
    LoadClock::MonoTime target = clock.Monotonic() + ahead;
    clock.SleepUntil(target);
    LoadClock::MonoTime woke = clock.Monotonic();
    CHECK(woke >= target);
    CHECK(woke - target < std::chrono::seconds(1));
  }
  LoadClock::MonoTime before = clock.Monotonic();
  clock.SleepUntil(before - std::chrono::seconds(5));  // passed: returns at once
  CHECK(clock.Monotonic() - before < std::chrono::seconds(1));
  CHECK(std::chrono::abs(clock.Wall() - std::chrono::time_point_cast<std::chrono::microseconds>(
                                            std::chrono::system_clock::now())) < std::chrono::seconds(1));
}

TEST_CASE("load clock: the manual clock sleeps to the next whole millisecond", "[load][clock]") {
  ManualClock manual{kWallStart};
  ManualLoadClock clock(manual);
  LoadClock::MonoTime start = clock.Monotonic();
  clock.SleepUntil(start + std::chrono::microseconds(2300));
  CHECK(clock.Monotonic() - start == std::chrono::milliseconds(3));
  CHECK(clock.Wall() == MicroTime(kWallStart) + std::chrono::milliseconds(3));
  clock.SleepUntil(start);
  CHECK(clock.Monotonic() - start == std::chrono::milliseconds(3));
}

}  // namespace
}  // namespace evt::load
