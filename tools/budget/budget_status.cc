#include "tools/budget/budget_status.h"

#include <chrono>
#include <cstdio>

#include "tools/budget/status_math.h"

namespace evt::budget {

std::string_view StateName(State state) {
  switch (state) {
    case State::kOk: return "ok";
    case State::kWarn: return "warn";
    case State::kOver: return "over";
  }
  return "ok";
}

std::pair<TimePoint, TimePoint> BudgetWindow(const BudgetSpec& spec, const Site& site, TimePoint now) {
  using std::chrono::days;
  using std::chrono::floor;
  using std::chrono::hours;
  switch (spec.window) {
    case WindowKind::kEvent: return {*site.starts_at, *site.ends_at};
    case WindowKind::kDay: {
      TimePoint start = floor<days>(now);
      return {start, start + days(1)};
    }
    case WindowKind::kHour: {
      TimePoint start = floor<hours>(now);
      return {start, start + hours(1)};
    }
  }
  return {now, now};
}

namespace {

std::string Percent(double ratio) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", ratio * 100);
  return buffer;
}

}  // namespace

void ApplyThresholds(BudgetStatus& s) {
  const BudgetSpec& spec = *s.spec;
  s.state = State::kOk;
  for (double t : spec.thresholds) {
    if (s.ratio >= t) s.threshold = t;
  }
  if (s.ratio >= 1) {
    s.state = State::kOver;
    s.reason = "spent " + Percent(s.ratio) + " of the limit";
    return;
  }
  if (s.forecast_ratio > 1 && !spec.forecast_thresholds.empty()) {
    s.state = State::kOver;
    s.reason = "forecast " + Percent(s.forecast_ratio) + " of the limit by the end of the window";
    return;
  }
  if (s.threshold && *s.threshold < 1) {
    s.state = State::kWarn;
    s.reason = "spent " + Percent(s.ratio) + ", past the " + Percent(*s.threshold) + " threshold";
    return;
  }
  for (double t : spec.forecast_thresholds) {
    if (t < 1 && s.forecast_ratio >= t) {
      s.state = State::kWarn;
      s.reason = "forecast " + Percent(s.forecast_ratio) + ", past the " + Percent(t) + " forecast threshold";
    }
  }
}

Result<std::vector<BudgetStatus>> EvaluateBudgets(const BudgetConfig& config, Ledger& ledger, TimePoint now,
                                                  const EvaluateOptions& options) {
  std::vector<BudgetStatus> out;
  for (const BudgetSpec& spec : config.budgets) {
    Result<BudgetStatus> status = Status::Internal("unknown budget unit");
    switch (spec.unit) {
      case BudgetUnit::kMoney: status = EvaluateMoney(spec, config, ledger, now, options); break;
      case BudgetUnit::kEnergy: status = EvaluateEnergy(spec, config, ledger, now, options); break;
      case BudgetUnit::kError: status = EvaluateError(spec, config, ledger, now); break;
    }
    if (!status.ok()) return status.status();
    out.push_back(std::move(*status));
  }
  return out;
}

}  // namespace evt::budget
