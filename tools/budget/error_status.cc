// An error budget: good and bad events against an objective, with the
// multi-window burn-rate alerts scaled to the budget's window.
#include <algorithm>
#include <cstdio>

#include "common/number_text.h"
#include "tools/budget/status_math.h"

namespace evt::budget {
namespace {

double BurnOf(const EventCounts& c, double objective) {
  std::int64_t total = c.good + c.bad;
  if (total == 0) return 0;
  return (static_cast<double>(c.bad) / static_cast<double>(total)) / (1 - objective);
}

}  // namespace

Result<BudgetStatus> EvaluateError(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint now) {
  BudgetStatus s = StatusInWindow(spec, config.site, now);
  const TimePoint start = s.window_start;
  const TimePoint end = s.window_end;
  TimePoint until = std::clamp(now, start, end);
  Result<EventCounts> counts = ledger.EventsBetween(spec.events_from, start, until);
  if (!counts.ok()) return counts.status();
  std::int64_t total = counts->good + counts->bad;
  s.has_data = total > 0;
  double allowed = (1 - spec.objective) * static_cast<double>(total);
  s.spent = static_cast<double>(counts->bad);
  s.limit = allowed;
  s.ratio = BurnOf(*counts, spec.objective);

  TimePoint recent_from = std::max(start, until - config.lookback);
  Result<EventCounts> recent = ledger.EventsBetween(spec.events_from, recent_from, until);
  if (!recent.ok()) return recent.status();
  s.burn_rate = BurnOf(*recent, spec.objective);
  double recent_ms = static_cast<double>(MsBetween(recent_from, until));
  double remaining_ms = static_cast<double>(MsBetween(until, end));
  if (recent_ms > 0) {
    double scale = remaining_ms / recent_ms;
    double bad = static_cast<double>(counts->bad) + static_cast<double>(recent->bad) * scale;
    double all = static_cast<double>(total) + static_cast<double>(recent->good + recent->bad) * scale;
    s.forecast = bad;
    s.forecast_ratio = all > 0 ? bad / all / (1 - spec.objective) : 0;
  }

  for (const AlertWindow& w : ScaledAlertWindows(spec.preset, end - start, config.sample_interval)) {
    Result<EventCounts> long_counts = ledger.EventsBetween(spec.events_from, now - w.long_window, now);
    if (!long_counts.ok()) return long_counts.status();
    Result<EventCounts> short_counts = ledger.EventsBetween(spec.events_from, now - w.short_window, now);
    if (!short_counts.ok()) return short_counts.status();
    AlertStatus a{w, BurnOf(*long_counts, spec.objective), BurnOf(*short_counts, spec.objective), false};
    double factor = w.factor.ToDouble();
    a.firing = a.long_burn > factor && a.short_burn > factor;
    s.alerts.push_back(a);
  }
  ApplyThresholds(s);
  for (const AlertStatus& a : s.alerts) {
    if (!a.firing) continue;
    State level = a.window.severity == "page" ? State::kOver : State::kWarn;
    if (level > s.state) {
      s.state = level;
      s.reason = a.window.severity + ": burning " + FixedText(a.long_burn, 1) + "x over " +
                 FormatDuration(a.window.long_window) + " and " + FixedText(a.short_burn, 1) + "x over " +
                 FormatDuration(a.window.short_window) + " (factor " + SignificantText(a.window.factor.ToDouble(), 4) +
                 ")";
    }
  }
  return s;
}

}  // namespace evt::budget
