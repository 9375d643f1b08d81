// common/rank_sum_test.h and the pieces it is built from. The figures
// quoted from R are R 4.2's wilcox.test(x, y, conf.int = TRUE); the
// black-box canary_stats_r.sh runs R itself on these and more.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <random>
#include <vector>

#include "common/brent_root.h"
#include "common/normal_distribution.h"
#include "common/rank_sum_test.h"
#include "common/wilcoxon_distribution.h"

using namespace evt;

namespace {

// One seed per run, so the one printed replays every randomised case.
std::uint32_t TestSeed() {
  static const std::uint32_t seed = [] {
    const char* env = std::getenv("EVT_TEST_SEED");
    return env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                          : std::random_device{}();
  }();
  return seed;
}

RankSumResult Test(const std::vector<double>& x, const std::vector<double>& y) {
  Result<RankSumResult> r = RankSumTest(x, y);
  REQUIRE(r.ok());
  return *r;
}

// P(W <= w) by listing every way to pick which of the m + n ranks are x's.
double EnumeratedLowerTail(int m, int n, double w) {
  const int total = m + n;
  std::int64_t at_most = 0;
  std::int64_t all = 0;
  for (std::uint32_t mask = 0; mask < (1u << total); ++mask) {
    if (__builtin_popcount(mask) != m) continue;
    ++all;
    int rank_sum = 0;
    for (int bit = 0; bit < total; ++bit) {
      if (mask & (1u << bit)) rank_sum += bit + 1;
    }
    if (rank_sum - m * (m + 1) / 2 <= w) ++at_most;
  }
  return static_cast<double>(at_most) / static_cast<double>(all);
}

}  // namespace

TEST_CASE("wilcoxon distribution: the counts of the smallest case, its symmetry and R's quantiles") {
  const WilcoxonDistribution two_two(2, 2);  // W = 0,1,2,3,4 in 1,1,2,1,1 of 6 arrangements
  CHECK(two_two.LowerTail(0) == Approx(1.0 / 6));
  CHECK(two_two.LowerTail(2) == Approx(4.0 / 6));
  CHECK(two_two.UpperTail(2) == Approx(2.0 / 6));
  CHECK(two_two.LowerTail(-1) == 0);
  CHECK(two_two.LowerTail(4) == 1);
  CHECK(two_two.Quantile(0.5) == 2);
  const WilcoxonDistribution six_seven(6, 7);
  for (int w = 0; w <= 42; ++w) CHECK(six_seven.LowerTail(w) == Approx(six_seven.UpperTail(41 - w)).epsilon(1e-12));
  CHECK(six_seven.Quantile(0.025) == 7);  // R: qwilcox(0.025, 6, 7)
  CHECK(six_seven.Quantile(0.975) == 35);
}

TEST_CASE("wilcoxon distribution: equals the enumeration of every arrangement, for random sizes") {
  const std::uint32_t seed = TestSeed();
  std::cout << "rank_sum_test_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  for (int round = 0; round < 20; ++round) {
    const int m = std::uniform_int_distribution<int>(1, 8)(rng);
    const int n = std::uniform_int_distribution<int>(1, 16 - m)(rng);
    const int w = std::uniform_int_distribution<int>(0, m * n)(rng);
    INFO("m " << m << ", n " << n << ", w " << w);
    CHECK(WilcoxonDistribution(m, n).LowerTail(w) == Approx(EnumeratedLowerTail(m, n, w)).epsilon(1e-12));
  }
}

TEST_CASE("normal distribution: tails, symmetry and the 97.5 % quantile to the last digits") {
  CHECK(NormalLowerTail(0) == 0.5);
  CHECK(NormalUpperTail(1.959963984540054) == Approx(0.025).epsilon(1e-14));
  CHECK(NormalLowerTail(-10) == Approx(7.619853024160527e-24).epsilon(1e-12));  // R: pnorm(-10)
  CHECK(NormalQuantile(0.975) == Approx(1.959963984540054).epsilon(1e-15));
  CHECK(NormalQuantile(0.025) == Approx(-NormalQuantile(0.975)).epsilon(1e-15));
  CHECK(NormalQuantile(1e-20) == Approx(-9.2623400897984052).epsilon(1e-13));  // R: qnorm(1e-20)
  for (double p : {0.001, 0.2, 0.5, 0.7, 0.9999}) CHECK(NormalLowerTail(NormalQuantile(p)) == Approx(p).epsilon(1e-14));
}

TEST_CASE("brent root: a smooth root to the tolerance, a root at an end, a step function's jump") {
  const double root2 = BrentRoot({1, 2, -1, 2, 1e-12, 1000}, [](double d) { return d * d - 2; });
  CHECK(root2 == Approx(std::sqrt(2.0)).margin(1e-12));
  CHECK(BrentRoot({0, 5, 0, 3, 1e-4, 1000}, [](double d) { return d; }) == 0);
  const double jump = BrentRoot({0, 10, -1, 1, 1e-4, 1000}, [](double d) { return d < 3.25 ? -1.0 : 1.0; });
  CHECK(jump == Approx(3.25).margin(1e-4));
}

TEST_CASE("rank-sum test: exact without ties below 50 a side, as R gives it") {
  // R: W = 38, p-value = 0.01399, estimate 3.8, interval [1, 7.3]
  const RankSumResult r = Test({12.1, 14.3, 9.8, 16.4, 11.0, 13.7}, {8.2, 10.5, 7.9, 9.1, 12.6, 6.4, 8.8});
  CHECK(r.method == RankSumMethod::kExact);
  CHECK(r.w == 38);
  CHECK(r.p_value == Approx(0.013986013986013986).epsilon(1e-12));
  CHECK(r.estimate == Approx(3.8));
  CHECK(r.conf_low == Approx(1.0));
  CHECK(r.conf_high == Approx(7.3));
  const RankSumResult swapped = Test({8.2, 10.5, 7.9, 9.1, 12.6, 6.4, 8.8}, {12.1, 14.3, 9.8, 16.4, 11.0, 13.7});
  CHECK(swapped.w == 42 - 38);
  CHECK(swapped.p_value == Approx(r.p_value).epsilon(1e-12));
  CHECK(swapped.estimate == Approx(-3.8));
}

TEST_CASE("rank-sum test: ties take the normal approximation with tie and continuity correction") {
  // R: W = 35, p-value = 0.05084, estimate 4.547591, interval [-7.4383e-05, 8.000010]
  const RankSumResult r = Test({12, 15, 15, 18, 20, 20, 22}, {10, 12, 12, 14, 15, 16});
  CHECK(r.method == RankSumMethod::kNormal);
  CHECK(r.w == 35);
  CHECK(r.p_value == Approx(0.05083558228).epsilon(1e-9));
  CHECK(r.estimate == Approx(4.54759).margin(1e-4));  // uniroot's tolerance
  CHECK(r.conf_low == Approx(0).margin(1e-4));
  CHECK(r.conf_high == Approx(8).margin(1e-4));
}

TEST_CASE("rank-sum test: 50 on a side takes the normal approximation even without ties") {
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 50; ++i) x.push_back(100 + i * 1.01);
  for (int i = 0; i < 10; ++i) y.push_back(i * 0.97);
  const RankSumResult r = Test(x, y);
  CHECK(r.method == RankSumMethod::kNormal);
  CHECK(r.w == 500);
  CHECK(r.p_value < 1e-6);
  CHECK(r.conf_low <= r.estimate);
  CHECK(r.estimate <= r.conf_high);
}

TEST_CASE("rank-sum test: where R stops, evt's documented rule") {
  SECTION("every value equal: p 1, no shift, a zero interval") {
    const RankSumResult r = Test(std::vector<double>(10, 0.0), std::vector<double>(10, 0.0));
    CHECK(r.method == RankSumMethod::kConstantSamples);
    CHECK(r.w == 50);
    CHECK(r.p_value == 1);
    CHECK(r.estimate == 0);
    CHECK(r.conf_low == 0);
    CHECK(r.conf_high == 0);
  }
  SECTION("each sample one value: R's p-value without conf.int, the one difference as shift and interval") {
    const RankSumResult r = Test(std::vector<double>(8, 5.0), std::vector<double>(8, 3.0));
    CHECK(r.method == RankSumMethod::kConstantSamples);
    CHECK(r.w == 64);
    CHECK(r.p_value == Approx(0.0001375860571660291).epsilon(1e-9));  // R: wilcox.test(rep(5, 8), rep(3, 8))
    CHECK(r.estimate == 2);
    CHECK(r.conf_low == 2);
    CHECK(r.conf_high == 2);
  }
}

TEST_CASE("rank-sum test: an all-zero baseline against a canary with some non-zero values is R's answer, not the rule") {
  const RankSumResult r = Test({0, 0, 1, 2, 0, 3, 5, 0, 1, 4}, std::vector<double>(30, 0.0));
  CHECK(r.method == RankSumMethod::kNormal);
  CHECK(r.w == 240);
  CHECK(r.p_value == Approx(6.796986869e-06).epsilon(1e-9));
  CHECK(r.estimate == Approx(1).margin(1e-4));
}

TEST_CASE("rank-sum test: bad input is a data error naming what is wrong") {
  const std::vector<double> some = {1, 2, 3};
  Result<RankSumResult> empty = RankSumTest({}, some);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().code() == ExitCode::kDataErr);
  CHECK(empty.status().message() == "rank-sum test: the x sample is empty");
  const std::vector<double> with_nan = {1, std::numeric_limits<double>::quiet_NaN()};
  Result<RankSumResult> nan = RankSumTest(some, with_nan);
  REQUIRE_FALSE(nan.ok());
  CHECK(nan.status().message() == "rank-sum test: y[1] is not a finite number");
  Result<RankSumResult> level = RankSumTest(some, some, 1.0);
  REQUIRE_FALSE(level.ok());
  CHECK(level.status().code() == ExitCode::kDataErr);
}

TEST_CASE("rank-sum test: swapping the samples mirrors W, the estimate and the interval, for random samples") {
  const std::uint32_t seed = TestSeed();
  std::cout << "rank_sum_test_test (swap): seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  for (int round = 0; round < 30; ++round) {
    // Whole milliseconds make ties (the normal approximation), fractions
    // with small sizes the exact test.
    const bool whole = round % 2 == 0;
    const int nx = std::uniform_int_distribution<int>(2, whole ? 120 : 40)(rng);
    const int ny = std::uniform_int_distribution<int>(2, whole ? 120 : 40)(rng);
    const double shift = std::uniform_int_distribution<int>(-30, 30)(rng);
    std::normal_distribution<double> timing(50, 12);
    std::vector<double> x;
    std::vector<double> y;
    for (int i = 0; i < nx; ++i) x.push_back(whole ? std::round(timing(rng) + shift) : timing(rng) + shift);
    for (int i = 0; i < ny; ++i) y.push_back(whole ? std::round(timing(rng)) : timing(rng));
    INFO("round " << round << ", nx " << nx << ", ny " << ny);
    const RankSumResult r = Test(x, y);
    const RankSumResult swapped = Test(y, x);
    CHECK(r.method == swapped.method);
    CHECK(r.w + swapped.w == static_cast<double>(nx) * ny);
    CHECK(r.p_value == Approx(swapped.p_value).epsilon(1e-12));
    // The normal approximation's roots are R's uniroot's, each within 1e-4
    // of a jump of the statistic. Its estimate is not mirrored: without the
    // continuity correction the statistic can be 0 over a whole stretch of
    // shifts, and uniroot, as R runs it, stops wherever it first lands in it.
    const double margin = r.method == RankSumMethod::kExact ? 1e-9 : 2e-4;
    if (r.method == RankSumMethod::kExact) CHECK(r.estimate == Approx(-swapped.estimate).margin(margin));
    CHECK(r.conf_low == Approx(-swapped.conf_high).margin(margin));
    CHECK(r.conf_high == Approx(-swapped.conf_low).margin(margin));
    CHECK(r.conf_low <= r.estimate + margin);
    CHECK(r.estimate <= r.conf_high + margin);
  }
}
