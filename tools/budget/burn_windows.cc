#include "tools/budget/burn_windows.h"

#include <algorithm>
#include <chrono>

namespace evt::budget {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr int kShortWindowFloorSamples = 5;

Rational FactorOf(const Rational& fraction, Duration period, Duration long_window) {
  return fraction * Rational(period.count()) / Rational(long_window.count());
}

AlertWindow Row(std::string severity, Rational fraction, Duration period, Duration long_window, Duration short_window) {
  return {std::move(severity), fraction, long_window, short_window, FactorOf(fraction, period, long_window)};
}

}  // namespace

Duration PresetPeriod(BurnPreset preset) {
  return preset == BurnPreset::kSloth30d ? Duration(hours(24 * 30)) : Duration(hours(24 * 28));
}

std::vector<AlertWindow> PresetWindows(BurnPreset preset) {
  Duration p = PresetPeriod(preset);
  if (preset == BurnPreset::kSloth30d) {
    // Sloth's google-30d.yaml: 2% and 5% of the budget page, 10% tickets.
    return {Row("page", Rational(2, 100), p, hours(1), minutes(5)),
            Row("page", Rational(5, 100), p, hours(6), minutes(30)),
            Row("ticket", Rational(10, 100), p, hours(24), hours(2)),
            Row("ticket", Rational(10, 100), p, hours(72), hours(6))};
  }
  // Pyrra (slo/rules.go Windows()) states factors, not fractions; these are
  // the fractions that give its 14, 7, 2 and 1 over 28 days.
  return {Row("page", Rational(1, 48), p, hours(1), minutes(5)),
          Row("page", Rational(1, 16), p, hours(6), minutes(30)),
          Row("ticket", Rational(1, 14), p, hours(24), hours(2)),
          Row("ticket", Rational(1, 7), p, hours(96), hours(6))};
}

std::vector<AlertWindow> ScaledAlertWindows(BurnPreset preset, Duration window, Duration sample_interval) {
  Duration period = PresetPeriod(preset);
  Duration floor = sample_interval * kShortWindowFloorSamples;
  std::vector<AlertWindow> out;
  for (AlertWindow row : PresetWindows(preset)) {
    Duration long_window((Rational(row.long_window.count()) * Rational(window.count()) / Rational(period.count())).RoundHalfUp());
    Duration short_window((Rational(row.short_window.count()) * Rational(window.count()) / Rational(period.count())).RoundHalfUp());
    short_window = std::max(short_window, floor);
    long_window = std::max(long_window, short_window);
    row.long_window = long_window;
    row.short_window = short_window;
    row.factor = FactorOf(row.budget_fraction, window, long_window);
    out.push_back(row);
  }
  return out;
}

}  // namespace evt::budget
