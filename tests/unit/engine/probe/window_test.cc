#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "engine/probe/window_stats.h"

namespace evt::probe {
namespace {

TEST_CASE("probe window: loss, min/p50/p95/max and mean over exact samples") {
  ProbeWindow w;
  for (int i = 1; i <= 20; ++i) w.Add(i == 7 || i == 13 ? std::nullopt : std::optional<double>(i * 10.0));
  WindowSummary s = w.Summarize();
  CHECK(s.sent == 20);
  CHECK(s.lost == 2);
  CHECK(s.loss == Approx(0.1));
  // The 18 samples: 10..200 without 70 and 130.
  CHECK(*s.min_ms == 10.0);
  CHECK(*s.max_ms == 200.0);
  CHECK(*s.p50_ms == 100.0);  // rank ceil(0.5 * 18) = 9: 10,20,30,40,50,60,80,90,100
  CHECK(*s.p95_ms == 200.0);  // rank ceil(0.95 * 18) = 18
  CHECK(*s.mean_ms == Approx((2100.0 - 70 - 130) / 18));
}

TEST_CASE("probe window: nearest-rank percentiles") {
  std::vector<double> four = {1, 2, 3, 4};
  CHECK(NearestRankPercentile(four, 0.5) == 2);
  CHECK(NearestRankPercentile(four, 0.95) == 4);
  std::vector<double> twenty;
  for (int i = 1; i <= 20; ++i) twenty.push_back(i);
  CHECK(NearestRankPercentile(twenty, 0.95) == 19);
  CHECK(NearestRankPercentile(twenty, 0.5) == 10);
  CHECK(NearestRankPercentile({7.0}, 0.5) == 7);
}

TEST_CASE("probe window: RFC 3550 jitter and mean absolute difference, exact") {
  ProbeWindow w;
  w.Add(10);
  CHECK_FALSE(w.Summarize().jitter_ms.has_value());
  w.Add(26);  // |D| = 16: J = 0 + (16 - 0) / 16 = 1
  CHECK(*w.Summarize().jitter_ms == Approx(1.0));
  w.Add(10);  // |D| = 16: J = 1 + (16 - 1) / 16 = 1.9375
  WindowSummary s = w.Summarize();
  CHECK(*s.jitter_ms == Approx(1.9375));
  CHECK(*s.mean_abs_diff_ms == Approx(16.0));
  w.Add(std::nullopt);  // a loss does not count as a difference
  w.Add(42);            // |D| = 32 against the last success: J = 1.9375 + (32 - 1.9375) / 16
  s = w.Summarize();
  CHECK(*s.jitter_ms == Approx(1.9375 + (32 - 1.9375) / 16));
  CHECK(*s.mean_abs_diff_ms == Approx((16.0 + 16 + 32) / 3));
}

TEST_CASE("probe window: the jitter estimate runs on across windows, the window figures restart") {
  ProbeWindow w;
  w.Add(0);
  w.Add(16);
  w.Reset();
  WindowSummary empty = w.Summarize();
  CHECK(empty.sent == 0);
  CHECK(empty.loss == 0);
  CHECK_FALSE(empty.p50_ms.has_value());
  CHECK_FALSE(empty.mean_abs_diff_ms.has_value());
  CHECK(*empty.jitter_ms == Approx(1.0));
  w.Add(16);  // |D| = 0 against the previous window's last sample
  WindowSummary s = w.Summarize();
  CHECK(*s.jitter_ms == Approx(1.0 - 1.0 / 16));
  CHECK_FALSE(s.mean_abs_diff_ms.has_value());  // one sample in this window
}

TEST_CASE("probe window: all lost") {
  ProbeWindow w;
  for (int i = 0; i < 5; ++i) w.Add(std::nullopt);
  WindowSummary s = w.Summarize();
  CHECK(s.loss == 1.0);
  CHECK_FALSE(s.min_ms.has_value());
  CHECK_FALSE(s.jitter_ms.has_value());
}

TEST_CASE("probe window: jitter of normal delays tends to 2 sigma / sqrt(pi)") {
  std::mt19937 rng(42);
  std::normal_distribution<double> delay(50.0, 10.0);
  ProbeWindow w;
  for (int i = 0; i < 20000; ++i) w.Add(delay(rng));
  WindowSummary s = w.Summarize();
  double expected = 2 * 10.0 / std::sqrt(M_PI);  // 11.28
  CHECK(*s.mean_abs_diff_ms == Approx(expected).epsilon(0.02));
  CHECK(*s.jitter_ms == Approx(expected).epsilon(0.3));
}

}  // namespace
}  // namespace evt::probe
