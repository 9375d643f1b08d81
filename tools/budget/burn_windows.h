// Multi-window, multi-burn-rate alerts (SRE workbook, chapter 5), scaled to
// any budget window.
//
// An alert fires when the burn rate (bad ratio / (1 - objective)) exceeds
// its factor over both its long and its short window. The factor of a pair
// is the fraction of the budget it may consume within its long window:
//   factor = budget fraction x period / long window      (Sloth's rule)
// For a 30-day period that gives the workbook's 14.4, 6, 3 and 1; Pyrra's
// 28-day table gives 14, 7, 2 and 1.
//
// Scaling to a window other than the table's period (a 12-hour event) keeps
// every window in proportion, long = table long x window / period (and the
// same for short), so each pair still spends the same fraction of the
// budget and the factors stay what the table says. Short windows are then
// floored at five sampling intervals, because a window holding fewer
// samples than that fires on a single bad one; a long window is never
// shorter than its short one. When the floor stretches a long window its
// factor is recomputed by the same rule, so it shrinks.
#pragma once

#include <string>
#include <vector>

#include "common/duration.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/rational.h"

namespace evt::budget {

struct AlertWindow {
  std::string severity;  // "page" or "ticket"
  Rational budget_fraction;
  Duration long_window;
  Duration short_window;
  Rational factor;
};

// The table itself, unscaled.
Duration PresetPeriod(BurnPreset preset);
std::vector<AlertWindow> PresetWindows(BurnPreset preset);

// The table scaled to `window`, with short windows floored at five
// `sample_interval`s. REQUIRES: window and sample_interval > 0.
std::vector<AlertWindow> ScaledAlertWindows(BurnPreset preset, Duration window, Duration sample_interval);

}  // namespace evt::budget
