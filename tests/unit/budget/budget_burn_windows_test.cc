#include <catch2/catch.hpp>

#include "tools/budget/burn_windows.h"

using evt::budget::BurnPreset;
using evt::budget::PresetWindows;
using evt::budget::Rational;
using evt::budget::ScaledAlertWindows;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE("budget burn windows: the workbook's 30-day factors exactly (14.4, 6, 3, 1)", "[budget]") {
  auto w = PresetWindows(BurnPreset::kSloth30d);
  REQUIRE(w.size() == 4);
  CHECK(w[0].factor == Rational(72, 5));
  CHECK(w[1].factor == Rational(6));
  CHECK(w[2].factor == Rational(3));
  CHECK(w[3].factor == Rational(1));
  CHECK(w[0].long_window == hours(1));
  CHECK(w[0].short_window == minutes(5));
  CHECK(w[3].long_window == hours(72));
  CHECK(w[3].short_window == hours(6));
}

TEST_CASE("budget burn windows: Pyrra's 28-day factors exactly (14, 7, 2, 1)", "[budget]") {
  auto w = PresetWindows(BurnPreset::kPyrra28d);
  REQUIRE(w.size() == 4);
  CHECK(w[0].factor == Rational(14));
  CHECK(w[1].factor == Rational(7));
  CHECK(w[2].factor == Rational(2));
  CHECK(w[3].factor == Rational(1));
  CHECK(w[3].long_window == hours(96));
}

TEST_CASE("budget burn windows: scaling to the table's own period changes nothing", "[budget]") {
  auto w = ScaledAlertWindows(BurnPreset::kSloth30d, hours(24 * 30), seconds(5));
  CHECK(w[0].factor == Rational(72, 5));
  CHECK(w[0].long_window == hours(1));
  CHECK(w[0].short_window == minutes(5));
}

TEST_CASE("budget burn windows: a 12-hour event keeps the factors on windows 1/60 as long", "[budget]") {
  // 12h / 30d = 1/60: 1h/5m -> 1m/5s, 6h/30m -> 6m/30s, 1d/2h -> 24m/2m, 3d/6h -> 72m/6m.
  auto w = ScaledAlertWindows(BurnPreset::kSloth30d, hours(12), std::chrono::milliseconds(1));
  CHECK(w[0].long_window == minutes(1));
  CHECK(w[0].short_window == seconds(5));
  CHECK(w[1].long_window == minutes(6));
  CHECK(w[1].short_window == seconds(30));
  CHECK(w[2].long_window == minutes(24));
  CHECK(w[2].short_window == minutes(2));
  CHECK(w[3].long_window == minutes(72));
  CHECK(w[3].short_window == minutes(6));
  CHECK(w[0].factor == Rational(72, 5));
  CHECK(w[1].factor == Rational(6));
  CHECK(w[2].factor == Rational(3));
  CHECK(w[3].factor == Rational(1));
}

TEST_CASE("budget burn windows: short windows are floored at five sampling intervals", "[budget]") {
  // Probes every 5s: a 5s window would hold one sample, so it becomes 25s.
  auto w = ScaledAlertWindows(BurnPreset::kSloth30d, hours(12), seconds(5));
  CHECK(w[0].short_window == seconds(25));
  CHECK(w[0].long_window == minutes(1));
  CHECK(w[0].factor == Rational(72, 5));
  CHECK(w[1].short_window == seconds(30));
  // Sampling every 20s floors the short window at 100s, beyond the 1m long
  // window: the long one stretches and its factor shrinks by Sloth's rule.
  auto slow = ScaledAlertWindows(BurnPreset::kSloth30d, hours(12), seconds(20));
  CHECK(slow[0].short_window == seconds(100));
  CHECK(slow[0].long_window == seconds(100));
  CHECK(slow[0].factor == Rational(2, 100) * Rational(12 * 3600) / Rational(100));
}
