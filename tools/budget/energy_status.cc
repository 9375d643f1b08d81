// An energy budget: the battery's charge against the energy needed to reach
// the end of the event, from NUT variables as evt-scrape reports them.
//   stored    = battery.charge x capacity_wh
//   load      = ups.realpower, else ups.load x nominal_w, else what
//               battery.runtime implies, else the charge's drop over the
//               lookback
//   needed    = load x time to the end
// battery.charge and ups.load are ratios (0..1), as evt-scrape writes NUT's
// percentages. The budget is the usable energy (capacity - reserve): spent is what the
// battery has given so far, forecast is spent + needed.
#include <algorithm>
#include <cmath>

#include "tools/budget/status_math.h"

namespace evt::budget {
namespace {

constexpr double kMsPerHour = 3600.0 * 1000.0;

Result<std::optional<double>> Latest(Ledger& ledger, const std::string& source, const std::string& name, TimePoint at) {
  Result<std::optional<GaugeSample>> sample = ledger.LatestGauge(source, name, at);
  if (!sample.ok()) return sample.status();
  if (!*sample) return std::optional<double>();
  return std::optional<double>((*sample)->value);
}

// Watts drawn, from the best variable the device reports.
Result<std::optional<double>> LoadWatts(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger,
                                        TimePoint now, double stored_wh) {
  Result<std::optional<double>> realpower = Latest(ledger, spec.source, "ups.realpower", now);
  if (!realpower.ok() || *realpower) return realpower;
  Result<std::optional<double>> load = Latest(ledger, spec.source, "ups.load", now);
  if (!load.ok()) return load;
  if (*load && spec.nominal_w) return std::optional<double>(**load * *spec.nominal_w);
  Result<std::optional<double>> runtime = Latest(ledger, spec.source, "battery.runtime", now);
  if (!runtime.ok()) return runtime;
  if (*runtime && **runtime > 0) return std::optional<double>(stored_wh / (**runtime / 3600.0));
  Result<std::vector<GaugeSample>> charges =
      ledger.Gauges(spec.source, "battery.charge", now - config.lookback, now);
  if (!charges.ok()) return charges.status();
  if (charges->size() >= 2) {
    double drop = charges->front().value - charges->back().value;
    double hours = (charges->back().ts - charges->front().ts).count() / kMsPerHour;
    if (drop > 0 && hours > 0) return std::optional<double>(drop * spec.capacity_wh / hours);
  }
  return std::optional<double>();
}

double ShedWatts(const BudgetConfig& config, int level) {
  double watts = 0;
  for (const auto& [name, component] : config.components) {
    if (IsShed(component.tier, level) && component.watts) watts += *component.watts;
  }
  return watts;
}

}  // namespace

Result<BudgetStatus> EvaluateEnergy(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint now,
                                    const EvaluateOptions& options) {
  BudgetStatus s = StatusInWindow(spec, config.site, now);
  const TimePoint start = s.window_start;
  const TimePoint end = s.window_end;
  double usable_capacity = spec.capacity_wh - spec.reserve_wh;
  s.limit = usable_capacity;
  Result<std::optional<double>> charge = Latest(ledger, spec.source, "battery.charge", now);
  if (!charge.ok()) return charge.status();
  if (!*charge) {
    s.reason = "no battery.charge from source \"" + spec.source + "\" yet";
    return s;
  }
  s.has_data = true;
  double stored = std::clamp(**charge, 0.0, 1.0) * spec.capacity_wh;
  double usable = std::max(0.0, stored - spec.reserve_wh);
  s.spent = spec.capacity_wh - stored;
  Result<std::optional<double>> load = LoadWatts(spec, config, ledger, now, stored);
  if (!load.ok()) return load.status();
  double watts = load->value_or(0);
  double hours_left = std::max<std::int64_t>(0, MsBetween(std::clamp(now, start, end), end)) / kMsPerHour;
  double needed = watts * hours_left;
  s.forecast = s.spent + needed;
  s.ratio = s.spent / usable_capacity;
  s.forecast_ratio = s.forecast / usable_capacity;
  s.burn_rate = usable > 0 ? needed / usable : (needed > 0 ? INFINITY : 0);
  if (watts > 0) {
    double hours = usable / watts;
    Result<std::optional<double>> runtime = Latest(ledger, spec.source, "battery.runtime", now);
    if (!runtime.ok()) return runtime.status();
    // The device's own estimate, scaled to keep the reserve, when it is
    // shorter: it knows its battery's age; a zero reading is ignored.
    if (*runtime && **runtime > 0 && stored > 0) hours = std::min(hours, **runtime / 3600.0 * usable / stored);
    s.runs_out_at = now + Duration(static_cast<std::int64_t>(hours * kMsPerHour));
  }
  // The load measured now lacks what is shed now; the load at another level
  // adds that back and takes off what that level sheds.
  double full_load = watts + ShedWatts(config, options.current_level);
  for (int level = 0; level <= kMaxShedLevel; ++level) {
    double w = std::max(0.0, full_load - ShedWatts(config, level));
    s.forecast_ratio_at_level[level] = (s.spent + w * hours_left) / usable_capacity;
  }
  if (!std::isfinite(s.burn_rate)) s.burn_rate = 1e9;
  ApplyThresholds(s);
  if (s.state == State::kOver && s.forecast_ratio > 1) {
    s.reason = "needs " + std::to_string(static_cast<long long>(std::lround(needed))) + " Wh to reach the end, has " +
               std::to_string(static_cast<long long>(std::lround(usable))) + " Wh above the reserve";
  }
  return s;
}

}  // namespace evt::budget
