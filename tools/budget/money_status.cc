// A money budget: the ledger's usage priced by the rate card, exactly.
#include <algorithm>
#include <map>

#include "tools/budget/status_math.h"

namespace evt::budget {
namespace {

constexpr std::int64_t kMicro = 1000000;
constexpr int kSeriesSlots = 12;

bool Counts(const BudgetSpec& spec, const UsageTotal& u) {
  auto in = [](const std::vector<std::string>& list, const std::string& name) {
    return list.empty() || std::find(list.begin(), list.end(), name) != list.end();
  };
  return in(spec.components, u.component) && in(spec.resources, u.resource);
}

Rational CostOf(const UsageTotal& u, const BudgetConfig& config) {
  const Rate& rate = config.rates.find(u.resource)->second;
  return Rational(u.qty_micro) * rate.PerUnit() / Rational(kMicro);
}

// Cost per component of the usage with from <= ts < to.
Result<std::map<std::string, Rational>> CostByComponent(const BudgetSpec& spec, const BudgetConfig& config,
                                                       Ledger& ledger, TimePoint from, TimePoint to) {
  std::map<std::string, Rational> out;
  if (to <= from) return out;
  Result<std::vector<UsageTotal>> totals = ledger.UsageBetween(from, to);
  if (!totals.ok()) return totals.status();
  for (const UsageTotal& u : *totals) {
    if (!Counts(spec, u) || !config.rates.count(u.resource)) continue;
    out[u.component] = out[u.component] + CostOf(u, config);
  }
  return out;
}

Rational Sum(const std::map<std::string, Rational>& costs) {
  Rational total;
  for (const auto& [component, cost] : costs) total = total + cost;
  return total;
}

Status EvaluateCostPer1k(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint from, TimePoint to,
                 BudgetStatus& s) {
  if (!spec.cost_per_1k || to <= from) return Status::Ok();
  Result<std::vector<UsageTotal>> totals = ledger.UsageBetween(from, to);
  if (!totals.ok()) return totals.status();
  std::int64_t qty = 0;
  Rational cost;
  for (const UsageTotal& u : *totals) {
    if (u.resource != spec.cost_per_1k->resource || !Counts(spec, u)) continue;
    qty += u.qty_micro;
    cost = cost + CostOf(u, config);
  }
  if (qty == 0) return Status::Ok();
  CostPer1kStatus c{spec.cost_per_1k->resource, cost * Rational(1000 * kMicro) / Rational(qty), spec.cost_per_1k->max};
  c.over = c.cost > c.max;
  s.cost_per_1k = c;
  return Status::Ok();
}

Status Series(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint start, TimePoint until,
              BudgetStatus& s) {
  std::int64_t elapsed = MsBetween(start, until);
  if (elapsed <= 0) return Status::Ok();
  for (int i = 0; i < kSeriesSlots; ++i) {
    TimePoint from = start + Duration(elapsed * i / kSeriesSlots);
    TimePoint to = start + Duration(elapsed * (i + 1) / kSeriesSlots);
    Result<std::map<std::string, Rational>> costs = CostByComponent(spec, config, ledger, from, to);
    if (!costs.ok()) return costs.status();
    s.burn_series.push_back(Sum(*costs).ToDouble());
  }
  return Status::Ok();
}

}  // namespace

Result<BudgetStatus> EvaluateMoney(const BudgetSpec& spec, const BudgetConfig& config, Ledger& ledger, TimePoint now,
                                   const EvaluateOptions& options) {
  BudgetStatus s = StatusInWindow(spec, config.site, now);
  const TimePoint start = s.window_start;
  const TimePoint end = s.window_end;
  TimePoint until = std::clamp(now, start, end);
  Result<std::map<std::string, Rational>> spent = CostByComponent(spec, config, ledger, start, until);
  if (!spent.ok()) return spent.status();
  TimePoint recent_from = std::max(start, until - config.lookback);
  Result<std::map<std::string, Rational>> recent = CostByComponent(spec, config, ledger, recent_from, until);
  if (!recent.ok()) return recent.status();

  std::int64_t elapsed_ms = MsBetween(start, until);
  std::int64_t recent_ms = MsBetween(recent_from, until);
  std::int64_t remaining_ms = MsBetween(until, end);
  Rational rate = recent_ms > 0 ? Sum(*recent) / Rational(recent_ms) : Rational();  // minor units per ms
  s.has_data = !spent->empty();
  s.spent_money = Sum(*spent);
  s.forecast_money = s.spent_money + rate * Rational(remaining_ms);
  s.spent = static_cast<double>(s.spent_money.RoundHalfUp());
  s.limit = static_cast<double>(spec.limit);
  s.forecast = static_cast<double>(s.forecast_money.RoundHalfUp());
  s.ratio = (s.spent_money / Rational(spec.limit)).ToDouble();
  s.forecast_ratio = (s.forecast_money / Rational(spec.limit)).ToDouble();
  s.burn_rate = (rate * Rational(MsBetween(start, end)) / Rational(spec.limit)).ToDouble();
  if (s.spent_money < Rational(spec.limit) && !rate.is_zero()) {
    s.runs_out_at = until + Duration(((Rational(spec.limit) - s.spent_money) / rate).RoundHalfUp());
  }

  for (int level = 0; level <= kMaxShedLevel; ++level) {
    Rational forecast = s.spent_money;
    for (const auto& [component, cost] : *spent) {
      Tier tier = config.TierOf(component);
      if (IsShed(tier, level)) continue;
      auto r = recent->find(component);
      Rational c_rate = r != recent->end() && recent_ms > 0 ? r->second / Rational(recent_ms) : Rational();
      // A component shed now spends nothing lately; what it would spend
      // restored is estimated from its average over the window.
      if (IsShed(tier, options.current_level) && elapsed_ms > 0) c_rate = std::max(c_rate, cost / Rational(elapsed_ms));
      forecast = forecast + c_rate * Rational(remaining_ms);
    }
    s.forecast_ratio_at_level[level] = (forecast / Rational(spec.limit)).ToDouble();
  }

  EVT_RETURN_IF_ERROR(EvaluateCostPer1k(spec, config, ledger, start, until, s));
  if (options.with_series) EVT_RETURN_IF_ERROR(Series(spec, config, ledger, start, until, s));
  ApplyThresholds(s);
  if (s.cost_per_1k && s.cost_per_1k->over && s.state == State::kOk) {
    s.state = State::kWarn;
    s.reason = "cost per 1k " + s.cost_per_1k->resource + " above its bound";
  }
  return s;
}

}  // namespace evt::budget
