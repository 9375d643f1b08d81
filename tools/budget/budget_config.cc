#include "tools/budget/budget_config.h"

#include <algorithm>

#include "tools/budget/budget_spec_config.h"
#include "tools/budget/config_fields.h"
#include "tools/budget/decimal.h"

namespace evt::budget {
namespace {

Result<Tier> ParseTier(const std::string& text, const ConfigObject& where, std::string_view key) {
  if (text == "critical") return Tier::kCritical;
  if (text == "degraded") return Tier::kDegraded;
  if (text == "non-essential") return Tier::kNonEssential;
  return where.Error(key, "expected a tier: critical, degraded or non-essential, got \"" + text + "\"");
}

Result<Rate> ReadRate(const ConfigObject& rate) {
  Rate out;
  Result<std::int64_t> per = rate.Int("per", 1);
  if (!per.ok()) return per.status();
  if (*per <= 0) return rate.Error("per", "expected a whole number of units above 0");
  out.per = *per;
  if (!rate.Has("price")) return rate.Error("price", "a rate needs a price (minor units per `per` units)");
  Result<Rational> price = ExactNumber(rate, "price");
  if (!price.ok()) return price.status();
  if (price->is_negative()) return rate.Error("price", "expected a price of 0 or more");
  // Six decimals of a minor unit and below a trillion keep every sum of
  // costs exact within 128 bits.
  std::optional<std::int64_t> micro = ToMicro(*price);
  if (!micro || *micro >= std::int64_t{1000000000000000000}) {
    return rate.Error("price", "expected minor units below 10^12 with at most 6 decimals (raise `per` instead)");
  }
  out.price = *price;
  Result<std::string> currency = rate.String("currency");
  if (!currency.ok()) return currency.status();
  if (!IsCurrencyCode(*currency)) return rate.Error("currency", "expected an ISO 4217 code such as \"EUR\"");
  out.currency = *currency;
  EVT_RETURN_IF_ERROR(rate.Finish());
  return out;
}

Status ReadRates(const ConfigObject& section, BudgetConfig& out) {
  Result<std::optional<ConfigObject>> rates = section.OptionalObject("rates");
  if (!rates.ok()) return rates.status();
  if (!*rates) return Status::Ok();
  for (const std::string& resource : (*rates)->Keys()) {
    Result<ConfigObject> rate = (*rates)->Object(resource);
    if (!rate.ok()) return rate.status();
    Result<Rate> read = ReadRate(*rate);
    if (!read.ok()) return read.status();
    out.rates.emplace(resource, *read);
  }
  return Status::Ok();
}

Result<ComponentSpec> ReadComponent(const ConfigObject& components, const std::string& name) {
  ComponentSpec spec;
  const Value* raw = components.Raw(name);
  if (raw->is_string()) {
    Result<Tier> tier = ParseTier(raw->as_string(), components, name);
    if (!tier.ok()) return tier.status();
    spec.tier = *tier;
    return spec;
  }
  Result<ConfigObject> object = components.Object(name);
  if (!object.ok()) {
    return components.Error(name, "expected a tier (\"critical\", \"degraded\", \"non-essential\") or "
                                  "{\"tier\": …, \"watts\": …}");
  }
  Result<std::string> tier_text = object->String("tier");
  if (!tier_text.ok()) return tier_text.status();
  Result<Tier> tier = ParseTier(*tier_text, *object, "tier");
  if (!tier.ok()) return tier.status();
  spec.tier = *tier;
  if (object->Has("watts")) {
    Result<double> watts = object->Number("watts");
    if (!watts.ok()) return watts.status();
    if (*watts < 0) return object->Error("watts", "expected watts of 0 or more");
    spec.watts = *watts;
  }
  EVT_RETURN_IF_ERROR(object->Finish());
  return spec;
}

Status ReadComponents(const ConfigObject& section, BudgetConfig& out) {
  Result<std::optional<ConfigObject>> components = section.OptionalObject("components");
  if (!components.ok()) return components.status();
  if (!*components) return Status::Ok();
  for (const std::string& name : (*components)->Keys()) {
    Result<ComponentSpec> spec = ReadComponent(**components, name);
    if (!spec.ok()) return spec.status();
    out.components.emplace(name, *spec);
  }
  return Status::Ok();
}

Status ReadBudgets(const ConfigObject& section, BudgetConfig& out) {
  Result<std::optional<std::vector<ConfigObject>>> budgets = section.OptionalObjectArray("budgets");
  if (!budgets.ok()) return budgets.status();
  if (!*budgets) return Status::Ok();
  for (const ConfigObject& budget : **budgets) {
    Result<BudgetSpec> spec = ReadBudget(budget, out);
    if (!spec.ok()) return spec.status();
    for (const BudgetSpec& earlier : out.budgets) {
      if (earlier.name == spec->name) return budget.Error("name", "a second budget named \"" + spec->name + "\"");
    }
    out.budgets.push_back(*spec);
  }
  return Status::Ok();
}

Status ReadMeters(const ConfigObject& section, BudgetConfig& out) {
  Result<std::optional<ConfigObject>> meters = section.OptionalObject("meters");
  if (!meters.ok()) return meters.status();
  if (!*meters) return Status::Ok();
  for (const std::string& metric : (*meters)->Keys()) {
    Result<ConfigObject> meter = (*meters)->Object(metric);
    if (!meter.ok()) return meter.status();
    Meter m;
    Result<std::string> component = meter->String("component");
    if (!component.ok()) return component.status();
    m.component = *component;
    Result<std::string> resource = meter->String("resource");
    if (!resource.ok()) return resource.status();
    if (!out.rates.count(*resource)) return meter->Error("resource", "\"" + *resource + "\" has no rate in /budget/rates");
    m.resource = *resource;
    Result<std::optional<std::string>> source = meter->OptionalString("source");
    if (!source.ok()) return source.status();
    m.source = *source;
    EVT_RETURN_IF_ERROR(meter->Finish());
    out.meters.emplace(metric, m);
  }
  return Status::Ok();
}

Status ReadStaging(const ConfigObject& section, BudgetConfig& out) {
  Result<std::optional<std::vector<ConfigObject>>> windows = section.OptionalObjectArray("staging");
  if (!windows.ok()) return windows.status();
  if (!*windows) return Status::Ok();
  for (const ConfigObject& window : **windows) {
    StagingWindow w;
    Result<TimePoint> from = window.Time("from");
    if (!from.ok()) return from.status();
    Result<TimePoint> until = window.Time("until");
    if (!until.ok()) return until.status();
    if (*until <= *from) return window.Error("until", "expected a time after \"from\" (" + FormatRfc3339(*from) + ")");
    Result<std::string> note = window.String("note", "");
    if (!note.ok()) return note.status();
    EVT_RETURN_IF_ERROR(window.Finish());
    out.staging.push_back({*from, *until, *note});
  }
  return Status::Ok();
}

Status ReadTunables(const ConfigObject& section, BudgetConfig& out) {
  Result<Duration> skew = section.Duration("max_skew", out.max_skew);
  if (!skew.ok()) return skew.status();
  out.max_skew = *skew;
  Result<Duration> hold = section.Duration("hold", out.hold);
  if (!hold.ok()) return hold.status();
  out.hold = *hold;
  Result<double> margin = section.Ratio("restore_margin", out.restore_margin);
  if (!margin.ok()) return margin.status();
  if (*margin >= 1) return section.Error("restore_margin", "expected a ratio below 1");
  out.restore_margin = *margin;
  Result<Duration> interval = section.Duration("sample_interval", out.sample_interval);
  if (!interval.ok()) return interval.status();
  if (interval->count() <= 0) return section.Error("sample_interval", "expected a duration above 0");
  out.sample_interval = *interval;
  Result<Duration> lookback = section.Duration("lookback", out.lookback);
  if (!lookback.ok()) return lookback.status();
  if (lookback->count() <= 0) return section.Error("lookback", "expected a duration above 0");
  out.lookback = *lookback;
  return Status::Ok();
}

}  // namespace

std::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kCritical: return "critical";
    case Tier::kDegraded: return "degraded";
    case Tier::kNonEssential: return "non-essential";
  }
  return "critical";
}

std::string_view UnitName(BudgetUnit unit) {
  switch (unit) {
    case BudgetUnit::kMoney: return "money";
    case BudgetUnit::kEnergy: return "energy";
    case BudgetUnit::kError: return "error";
  }
  return "money";
}

Tier BudgetConfig::TierOf(std::string_view component) const {
  auto it = components.find(component);
  return it == components.end() ? Tier::kCritical : it->second.tier;
}

Result<BudgetConfig> ReadBudgetConfig(const Config& config) {
  BudgetConfig out;
  out.site = config.site();
  out.file = config.path();
  Result<ConfigObject> section = config.Section("budget");
  if (!section.ok()) return section.status();
  EVT_RETURN_IF_ERROR(ReadRates(*section, out));
  EVT_RETURN_IF_ERROR(ReadComponents(*section, out));
  EVT_RETURN_IF_ERROR(ReadTunables(*section, out));
  EVT_RETURN_IF_ERROR(ReadStaging(*section, out));
  EVT_RETURN_IF_ERROR(ReadBudgets(*section, out));
  EVT_RETURN_IF_ERROR(ReadMeters(*section, out));
  EVT_RETURN_IF_ERROR(section->Finish());
  return out;
}

Status CheckBudgetConfig(const Config& config) { return ReadBudgetConfig(config).status(); }

}  // namespace evt::budget
