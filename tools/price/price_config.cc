#include "tools/price/price_config.h"

namespace evt::price {

Result<PriceSettings> ReadPriceSection(const Config& config) {
  Result<ConfigObject> section = config.Section("price");
  if (!section.ok()) return section.status();
  PriceSettings settings;
  settings.timezone = config.site().timezone;
  for (auto [key, field] : {std::pair{"catalog", &settings.catalog}, std::pair{"promotions", &settings.promotions}}) {
    Result<std::optional<std::string>> path = section->OptionalPath(key);
    if (!path.ok()) return path.status();
    *field = path->value_or("");
  }
  Result<std::optional<std::string>> kiosk = section->OptionalString("kiosk");
  if (!kiosk.ok()) return kiosk.status();
  settings.kiosk = kiosk->value_or("");
  Result<std::string> strategy = section->String("strategy", "priority");
  if (!strategy.ok()) return strategy.status();
  if (*strategy != "priority" && *strategy != "best") {
    return section->Error("strategy", "expected \"priority\" or \"best\", got \"" + *strategy + "\"");
  }
  settings.strategy = *strategy;
  EVT_RETURN_IF_ERROR(section->Finish());
  return settings;
}

}  // namespace evt::price
