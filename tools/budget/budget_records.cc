#include "tools/budget/budget_records.h"

#include <cmath>

namespace evt::budget {
namespace {

// Records carry figures a person reads: six significant decimals are
// plenty, and they keep 0.1 + 0.2 from printing as 0.30000000000000004.
double Tidy(double v) {
  if (!std::isfinite(v)) return 0;
  return std::round(v * 1e6) / 1e6;
}

Value AlertValue(const AlertStatus& a) {
  return Value::object({{"severity", a.window.severity},
                        {"long_ms", static_cast<std::int64_t>(a.window.long_window.count())},
                        {"short_ms", static_cast<std::int64_t>(a.window.short_window.count())},
                        {"factor", Tidy(a.window.factor.ToDouble())},
                        {"long_burn", Tidy(a.long_burn)},
                        {"short_burn", Tidy(a.short_burn)},
                        {"firing", a.firing}});
}

Value Figure(const BudgetStatus& s, double v) {
  if (s.spec->unit == BudgetUnit::kMoney) return static_cast<std::int64_t>(v);
  return Tidy(v);
}

}  // namespace

Value GovernorRecord(const GovernorState& governor, TimePoint now) {
  Value r = Value::object({{"kind", "budget.governor"}, {"v", 1}, {"ts", FormatRfc3339(now)}, {"level", governor.level}});
  if (governor.since != TimePoint{}) r.set("since", FormatRfc3339(governor.since));
  return r;
}

Value BudgetRecord(const BudgetStatus& s, TimePoint now) {
  const BudgetSpec& spec = *s.spec;
  Value r = Value::object({{"kind", "budget"}, {"v", 1}, {"ts", FormatRfc3339(now)}, {"name", spec.name},
                           {"unit", std::string(UnitName(spec.unit))}, {"state", std::string(StateName(s.state))},
                           {"window_start", FormatRfc3339(s.window_start)},
                           {"window_end", FormatRfc3339(s.window_end)}});
  if (spec.unit == BudgetUnit::kMoney) r.set("currency", spec.currency);
  r.set("spent", Figure(s, s.spent));
  r.set("limit", Figure(s, s.limit));
  r.set("ratio", Tidy(s.ratio));
  r.set("forecast", Figure(s, s.forecast));
  r.set("forecast_ratio", Tidy(s.forecast_ratio));
  r.set("burn_rate", Tidy(s.burn_rate));
  if (s.runs_out_at) r.set("runs_out_at", FormatRfc3339(*s.runs_out_at));
  if (s.threshold) r.set("threshold", *s.threshold);
  if (!s.reason.empty()) r.set("reason", s.reason);
  if (!s.alerts.empty()) {
    Value alerts = Value::array();
    for (const AlertStatus& a : s.alerts) alerts.push_back(AlertValue(a));
    r.set("alerts", alerts);
  }
  if (s.cost_per_1k) {
    r.set("cost_per_1k", Value::object({{"resource", s.cost_per_1k->resource},
                                        {"cost", Tidy(s.cost_per_1k->cost.ToDouble())},
                                        {"max", Tidy(s.cost_per_1k->max.ToDouble())},
                                        {"over", s.cost_per_1k->over}}));
  }
  return r;
}

Value SwapRecord(const SwapWindow& swap, bool stored, TimePoint now) {
  return Value::object({{"kind", "budget.swap"}, {"v", 1}, {"ts", FormatRfc3339(now)}, {"source", swap.source},
                        {"from", FormatRfc3339(swap.from)}, {"until", FormatRfc3339(swap.until)},
                        {"dry_run", !stored}});
}

Value DecisionRecord(const GovernorDecision& d, const BudgetConfig& config, const std::vector<BudgetStatus>& budgets,
                     TimePoint now) {
  Value shed_tiers = Value::array();
  for (Tier t : ShedTiers(d.level)) shed_tiers.push_back(std::string(TierName(t)));
  Value changed = Value::array();
  int low = std::min(d.level, d.previous_level);
  int high = std::max(d.level, d.previous_level);
  for (Tier t : ShedTiers(high)) {
    if (!IsShed(t, low)) changed.push_back(std::string(TierName(t)));
  }
  Value components = Value::array();
  Value changed_components = Value::array();
  for (const auto& [name, spec] : config.components) {
    if (IsShed(spec.tier, d.level)) components.push_back(name);
    if (IsShed(spec.tier, high) && !IsShed(spec.tier, low)) changed_components.push_back(name);
  }
  Value states = Value::array();
  for (const BudgetStatus& b : budgets) {
    states.push_back(Value::object({{"name", b.spec->name}, {"state", std::string(StateName(b.state))}}));
  }
  Value r = Value::object({{"kind", "decision"}, {"v", 1}, {"ts", FormatRfc3339(now)},
                           {"action", std::string(ActionName(d.action))}, {"level", d.level},
                           {"previous_level", d.previous_level}, {"shed_tiers", shed_tiers},
                           {"shed_components", components}, {"changed_tiers", changed},
                           {"changed_components", changed_components}, {"since", FormatRfc3339(d.since)}});
  if (d.hold_until) r.set("hold_until", FormatRfc3339(*d.hold_until));
  r.set("reason", d.reason);
  r.set("budgets", states);
  return r;
}

}  // namespace evt::budget
