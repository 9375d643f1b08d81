#include "tools/budget/budget_spec_config.h"

#include <algorithm>

#include "tools/budget/config_fields.h"

namespace evt::budget {
namespace {

Result<std::vector<double>> ReadThresholds(const ConfigObject& budget, std::string_view key,
                                           std::vector<double> fallback) {
  Result<std::vector<double>> values = budget.NumberArray(key, fallback);
  if (!values.ok()) return values.status();
  for (double v : *values) {
    if (!(v > 0 && v <= 1)) {
      return budget.Error(key, "expected ratios above 0 and at most 1 (write 0.8 for 80%), got " + std::to_string(v));
    }
  }
  std::sort(values->begin(), values->end());
  return values;
}

Status ReadWindow(const ConfigObject& budget, const BudgetConfig& out, BudgetSpec& spec) {
  Result<std::string> text = budget.String("window", "event");
  if (!text.ok()) return text.status();
  if (*text == "event") {
    if (!out.site.starts_at || !out.site.ends_at) {
      return budget.Error("window", "\"event\" needs site.starts_at and site.ends_at");
    }
    spec.window = WindowKind::kEvent;
    return Status::Ok();
  }
  if (*text != "day" && *text != "hour") {
    return budget.Error("window", "expected \"event\", \"day\" or \"hour\", got \"" + *text + "\"");
  }
  // Days and hours are the site's: a shop in Tokyo starts its day at
  // midnight there, not at 09:00.
  Result<const TimeZone*> zone = CachedTimeZone(out.site.timezone);
  if (!zone.ok()) return budget.Error("window", "\"" + *text + "\" follows site.timezone: " + zone.status().message());
  spec.window = *text == "day" ? WindowKind::kDay : WindowKind::kHour;
  spec.zone = *zone;
  return Status::Ok();
}

Status ReadMoney(const ConfigObject& budget, const BudgetConfig& config, BudgetSpec& spec) {
  Result<std::int64_t> limit = budget.Int("limit");
  if (!limit.ok()) return limit.status();
  if (*limit <= 0) return budget.Error("limit", "expected a limit in minor units above 0");
  spec.limit = *limit;
  Result<std::string> currency = budget.String("currency");
  if (!currency.ok()) return currency.status();
  if (!IsCurrencyCode(*currency)) return budget.Error("currency", "expected an ISO 4217 code such as \"EUR\"");
  spec.currency = *currency;
  Result<std::vector<std::string>> components = budget.StringArray("components", {});
  if (!components.ok()) return components.status();
  spec.components = *components;
  Result<std::vector<std::string>> resources = budget.StringArray("resources", {});
  if (!resources.ok()) return resources.status();
  spec.resources = *resources;
  for (const std::string& resource : spec.resources) {
    if (!config.rates.count(resource)) return budget.Error("resources", "\"" + resource + "\" has no rate in /budget/rates");
  }
  for (const auto& [resource, rate] : config.rates) {
    bool counted = spec.resources.empty() ||
                   std::find(spec.resources.begin(), spec.resources.end(), resource) != spec.resources.end();
    if (counted && rate.currency != spec.currency) {
      return budget.Error("currency", "the budget is in " + spec.currency + " but the rate of \"" + resource +
                                          "\" is in " + rate.currency + "; list the resources it counts");
    }
  }
  Result<std::optional<ConfigObject>> cost = budget.OptionalObject("cost_per_1k");
  if (!cost.ok()) return cost.status();
  if (*cost) {
    Result<std::string> resource = (*cost)->String("resource");
    if (!resource.ok()) return resource.status();
    if (!config.rates.count(*resource)) return (*cost)->Error("resource", "\"" + *resource + "\" has no rate in /budget/rates");
    Result<Rational> max = ExactNumber(**cost, "max");
    if (!max.ok()) return max.status();
    spec.cost_per_1k = CostPer1k{*resource, *max};
  }
  Result<std::vector<double>> thresholds = ReadThresholds(budget, "thresholds", {0.8, 1.0});
  if (!thresholds.ok()) return thresholds.status();
  spec.thresholds = *thresholds;
  Result<std::vector<double>> forecast = ReadThresholds(budget, "forecast_thresholds", {1.0});
  if (!forecast.ok()) return forecast.status();
  spec.forecast_thresholds = *forecast;
  return Status::Ok();
}

Status ReadEnergy(const ConfigObject& budget, const BudgetConfig& config, BudgetSpec& spec) {
  if (!config.site.ends_at) return budget.Error("an energy budget needs site.ends_at: the end of the event to reach");
  Result<std::string> source = budget.String("source");
  if (!source.ok()) return source.status();
  spec.source = *source;
  Result<double> capacity = budget.Number("capacity_wh");
  if (!capacity.ok()) return capacity.status();
  if (!(*capacity > 0)) return budget.Error("capacity_wh", "expected the battery's capacity in Wh, above 0");
  spec.capacity_wh = *capacity;
  if (budget.Has("nominal_w")) {
    Result<double> nominal = budget.Number("nominal_w");
    if (!nominal.ok()) return nominal.status();
    if (!(*nominal > 0)) return budget.Error("nominal_w", "expected the UPS's nominal power in W, above 0");
    spec.nominal_w = *nominal;
  }
  Result<double> reserve = budget.Number("reserve_wh", 0);
  if (!reserve.ok()) return reserve.status();
  if (*reserve < 0 || *reserve >= spec.capacity_wh) {
    return budget.Error("reserve_wh", "expected Wh from 0 up to less than capacity_wh");
  }
  spec.reserve_wh = *reserve;
  Result<std::vector<double>> forecast = ReadThresholds(budget, "forecast_thresholds", {0.9, 1.0});
  if (!forecast.ok()) return forecast.status();
  spec.forecast_thresholds = *forecast;
  return Status::Ok();
}

Status ReadError(const ConfigObject& budget, BudgetSpec& spec) {
  Result<double> objective = budget.Number("objective");
  if (!objective.ok()) return objective.status();
  if (!(*objective > 0 && *objective < 1)) return budget.Error("objective", "expected a ratio between 0 and 1 such as 0.999");
  spec.objective = *objective;
  Result<std::string> from = budget.String("events_from");
  if (!from.ok()) return from.status();
  spec.events_from = *from;
  Result<std::string> preset = budget.String("burn_windows", "30d");
  if (!preset.ok()) return preset.status();
  if (*preset == "30d") {
    spec.preset = BurnPreset::kSloth30d;
  } else if (*preset == "28d") {
    spec.preset = BurnPreset::kPyrra28d;
  } else {
    return budget.Error("burn_windows", "expected \"30d\" (the workbook's, as Sloth) or \"28d\" (Pyrra's)");
  }
  Result<std::vector<double>> thresholds = ReadThresholds(budget, "thresholds", {0.8, 1.0});
  if (!thresholds.ok()) return thresholds.status();
  spec.thresholds = *thresholds;
  return Status::Ok();
}

}  // namespace

Result<BudgetSpec> ReadBudget(const ConfigObject& budget, const BudgetConfig& config) {
  BudgetSpec spec;
  Result<std::string> name = budget.String("name");
  if (!name.ok()) return name.status();
  if (name->empty()) return budget.Error("name", "expected a non-empty name");
  spec.name = *name;
  Result<std::string> unit = budget.String("unit");
  if (!unit.ok()) return unit.status();
  if (*unit == "money") {
    spec.unit = BudgetUnit::kMoney;
    EVT_RETURN_IF_ERROR(ReadMoney(budget, config, spec));
  } else if (*unit == "energy") {
    spec.unit = BudgetUnit::kEnergy;
    EVT_RETURN_IF_ERROR(ReadEnergy(budget, config, spec));
  } else if (*unit == "error") {
    spec.unit = BudgetUnit::kError;
    EVT_RETURN_IF_ERROR(ReadError(budget, spec));
  } else {
    return budget.Error("unit", "expected \"money\", \"energy\" or \"error\", got \"" + *unit + "\"");
  }
  if (spec.unit == BudgetUnit::kEnergy) {
    spec.window = WindowKind::kEvent;
    if (budget.Has("window")) {
      Result<std::string> window = budget.String("window");
      if (!window.ok()) return window.status();
      if (*window != "event") return budget.Error("window", "an energy budget lasts until the end of the event: \"event\"");
    }
  } else {
    EVT_RETURN_IF_ERROR(ReadWindow(budget, config, spec));
  }
  if (budget.Has("include_synthetic")) {
    Result<bool> include = budget.Bool("include_synthetic");
    if (!include.ok()) return include.status();
    spec.include_synthetic = *include;
  }
  EVT_RETURN_IF_ERROR(budget.Finish());
  return spec;
}

}  // namespace evt::budget
