#include "tools/budget/budget_status.h"

#include <chrono>
#include <cstdio>
#include <tuple>

#include "common/number_text.h"
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

namespace {

Duration OffsetAt(const TimeZone* zone, TimePoint t) {
  return zone ? std::chrono::duration_cast<Duration>(zone->UtcOffset(t)) : Duration::zero();
}

// The instant a wall-clock time in `zone` names (the later reading of a
// repeated one, and past the gap for a skipped one: close enough for the
// midnight that starts a budget's day).
TimePoint InstantOfLocal(const TimeZone* zone, TimePoint local) {
  TimePoint guess = local - OffsetAt(zone, local);
  return local - OffsetAt(zone, guess);
}

}  // namespace

std::pair<TimePoint, TimePoint> BudgetWindow(const BudgetSpec& spec, const Site& site, TimePoint now) {
  using std::chrono::days;
  using std::chrono::floor;
  using std::chrono::hours;
  TimePoint local = now + OffsetAt(spec.zone, now);
  switch (spec.window) {
    case WindowKind::kEvent: return {*site.starts_at, *site.ends_at};
    case WindowKind::kDay: {
      // A local day: 23 or 25 hours on the nights the clocks change.
      TimePoint midnight = floor<days>(local);
      TimePoint start = InstantOfLocal(spec.zone, midnight);
      TimePoint end = InstantOfLocal(spec.zone, midnight + days(1));
      if (start <= now && now < end) return {start, end};
      // A midnight the clocks skip: the day at the offset of now.
      start = now - (local - midnight);
      return {start, start + days(1)};
    }
    case WindowKind::kHour: {
      // The local hour, which starts at half past in a +05:30 zone.
      TimePoint start = now - (local - floor<hours>(local));
      return {start, start + hours(1)};
    }
  }
  return {now, now};
}

BudgetStatus StatusInWindow(const BudgetSpec& spec, const Site& site, TimePoint now) {
  BudgetStatus s;
  s.spec = &spec;
  std::tie(s.window_start, s.window_end) = BudgetWindow(spec, site, now);
  return s;
}

namespace {

std::string Percent(double ratio) { return PercentText(ratio); }

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
