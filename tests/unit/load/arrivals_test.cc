#include "tools/load/arrivals.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <numbers>
#include <random>
#include <vector>

namespace evt::load {
namespace {

std::vector<std::int64_t> AllMicros(Arrivals arrivals) {
  std::vector<std::int64_t> out;
  while (std::optional<std::chrono::microseconds> next = arrivals.Next()) out.push_back(next->count());
  return out;
}

TEST_CASE("arrivals: constant rate, arrival 0 at the start, rate x duration of them", "[load][arrivals]") {
  std::vector<std::int64_t> got = AllMicros(Arrivals(LoadProfile::Constant(100, 1), 0));
  REQUIRE(got.size() == 100);
  for (std::size_t k = 0; k < got.size(); ++k) CHECK(got[k] == static_cast<std::int64_t>(k) * 10'000);
  CHECK(AllMicros(Arrivals(LoadProfile::Constant(20'000, 2), 0)).size() == 40'000);
  CHECK(AllMicros(Arrivals(LoadProfile::Constant(3, 1), 0)) == std::vector<std::int64_t>{0, 333'333, 666'667});
}

TEST_CASE("arrivals: max_requests bounds the schedule", "[load][arrivals]") {
  Arrivals a(LoadProfile::Constant(1000, 10), 5);
  CHECK(AllMicros(a) == std::vector<std::int64_t>{0, 1000, 2000, 3000, 4000});
}

TEST_CASE("arrivals: a ramp in closed form, k at sqrt(2k/slope)", "[load][arrivals]") {
  const double slope = 2000.0 / 60.0;  // ramp:0-2000/60s
  std::vector<std::int64_t> got = AllMicros(Arrivals(LoadProfile::Stages({{60, 0, 2000}}), 0));
  REQUIRE(got.size() == 60'000);  // k = 60000 is due at exactly 60 s, the end
  for (std::size_t k : {0u, 1u, 2u, 17u, 1000u, 30'000u, 59'999u}) {
    double exact = std::sqrt(2.0 * static_cast<double>(k) / slope) * 1e6;
    INFO("arrival " << k);
    CHECK(std::abs(static_cast<double>(got[k]) - exact) <= 0.5);
  }
  std::vector<std::int64_t> down = AllMicros(Arrivals(LoadProfile::Stages({{1, 200, 0}}), 0));
  CHECK(down.size() == 100);
  CHECK(down[1] == std::llround((200 - std::sqrt(200.0 * 200 - 2 * 200)) / 200 * 1e6));
}

TEST_CASE("arrivals: steps change the spacing at the step", "[load][arrivals]") {
  std::vector<std::int64_t> got = AllMicros(Arrivals(LoadProfile::Stages({{1, 100, 100}, {1, 200, 200}}), 0));
  REQUIRE(got.size() == 300);
  CHECK(got[99] == 990'000);
  CHECK(got[100] == 1'000'000);
  CHECK(got[101] == 1'005'000);
  CHECK(got[299] == 1'995'000);
}

TEST_CASE("arrivals: a stage at rate 0 is a pause", "[load][arrivals]") {
  // Arrival 5 is due when the integral reaches 5: as the pause begins.
  std::vector<std::int64_t> got =
      AllMicros(Arrivals(LoadProfile::Stages({{0.5, 10, 10}, {1, 0, 0}, {0.5, 10, 10}}), 0));
  CHECK(got == std::vector<std::int64_t>{0, 100'000, 200'000, 300'000, 400'000, 500'000, 1'600'000, 1'700'000,
                                         1'800'000, 1'900'000});
}

// The sine is followed by 1 ms chords. Against its closed-form integral
// I(t) = mean*t + amp*P/(2pi)*(1 - cos(2pi*t/P)), the trapezoid error over
// a run of T seconds is at most T*h^2/12*amp*(2pi/P)^2 arrivals (h = 1 ms):
// 3.3e-4 here, plus half a microsecond of rounding at up to 1500/s
// (7.5e-4). Stated bound: 1.1e-3 arrivals, i.e. under 2.2 µs at 500/s.
TEST_CASE("arrivals: sine by numeric integration, within the stated error bound", "[load][arrivals]") {
  const double mean = 1000, amp = 500, period = 10, seconds = 20;
  auto integral = [&](double t) {
    return mean * t + amp * period / (2 * std::numbers::pi) * (1 - std::cos(2 * std::numbers::pi * t / period));
  };
  std::vector<std::int64_t> got = AllMicros(Arrivals(LoadProfile::Sine(mean, amp, period, seconds), 0));
  CHECK(got.size() == 20'000);
  double worst = 0;
  for (std::size_t k = 0; k < got.size(); ++k)
    worst = std::max(worst, std::abs(integral(static_cast<double>(got[k]) / 1e6) - static_cast<double>(k)));
  std::cout << "arrivals_test: sine schedule off its closed form by at most " << worst << " arrivals (bound 1.1e-3)\n";
  CHECK(worst <= 1.1e-3);
}

TEST_CASE("arrivals: a sine clipped at 0 sends nothing while it is below", "[load][arrivals]") {
  Arrivals a(LoadProfile::Sine(10, 50, 4, 4), 0);
  for (std::int64_t t : AllMicros(a)) {
    INFO(t);
    CHECK((t <= 2'130'000 || t >= 3'870'000));  // below 0 from t = 2.128 s to 3.872 s
  }
}

TEST_CASE("arrivals: replayed offsets, sorted and bounded", "[load][arrivals]") {
  Arrivals replay(std::vector<double>{0.5, 0.1, 0.1, 2.0, -0.25});
  CHECK(replay.seconds() == 2.0);
  CHECK(replay.ExpectedBetween(0, 1) == 4);
  CHECK(replay.ExpectedBetween(1, 2.5) == 1);
  CHECK(AllMicros(replay) == std::vector<std::int64_t>{0, 100'000, 100'000, 500'000, 2'000'000});
  CHECK(AllMicros(Arrivals(std::vector<double>{0.5, 0.1, 0.2}, 2)) == std::vector<std::int64_t>{100'000, 200'000});
  CHECK(AllMicros(Arrivals(std::vector<double>{})).empty());
}

TEST_CASE("arrivals: Peek does not move, Pop does", "[load][arrivals]") {
  Arrivals a(LoadProfile::Constant(10, 1), 0);
  CHECK(a.Peek() == std::chrono::microseconds(0));
  CHECK(a.Peek() == std::chrono::microseconds(0));
  a.Pop();
  CHECK(a.produced() == 1);
  CHECK(a.Peek() == std::chrono::microseconds(100'000));
  Arrivals copy = a;  // a copy carries on from the same place
  CHECK(copy.Next() == std::chrono::microseconds(100'000));
  CHECK(a.Next() == std::chrono::microseconds(100'000));
}

TEST_CASE("arrivals: random stages meet the integral within rounding", "[load][arrivals]") {
  unsigned seed = std::random_device{}();
  if (const char* env = std::getenv("EVT_TEST_SEED")) seed = static_cast<unsigned>(std::strtoul(env, nullptr, 10));
  std::cout << "arrivals_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> rate(0, 3000), length(0.05, 2);
  for (int round = 0; round < 50; ++round) {
    std::vector<ProfileStage> stages(rng() % 5 + 1);
    for (ProfileStage& s : stages) s = {length(rng), rng() % 4 == 0 ? 0 : rate(rng), rate(rng)};
    LoadProfile profile = LoadProfile::Stages(stages);
    std::vector<std::int64_t> got = AllMicros(Arrivals(profile, 0));
    double expected = profile.ExpectedBetween(0, profile.seconds());
    INFO("seed " << seed << " round " << round);
    CHECK(std::abs(static_cast<double>(got.size()) - std::ceil(expected)) <= 1);
    for (std::size_t k = 0; k < got.size(); ++k) {
      if (k > 0) REQUIRE(got[k] >= got[k - 1]);
      double t = static_cast<double>(got[k]) / 1e6;
      // Rounding to the microsecond moves the integral by rate x 0.5 µs.
      REQUIRE(std::abs(profile.ExpectedBetween(0, t) - static_cast<double>(k)) <= 3000 * 0.5e-6 + 1e-6 * (1.0 + static_cast<double>(k) * 1e-3));
    }
  }
}

TEST_CASE("arrivals: solving within a linear piece", "[load][arrivals]") {
  CHECK(SolveWithinSegment({0, 1, 100, 100}, 50) == Approx(0.5));
  CHECK(SolveWithinSegment({0, 2, 0, 200}, 100) == Approx(std::sqrt(2.0)));
  CHECK(SolveWithinSegment({0, 1, 100, 0}, 37.5) == Approx(0.5));
  CHECK(SolveWithinSegment({0, 1, 100, 0}, 50) == Approx(1));
  CHECK(SolveWithinSegment({0, 1, 0, 0}, 0) == 0);
}

}  // namespace
}  // namespace evt::load
