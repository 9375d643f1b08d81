#include "tools/price/price_config.h"

#include "common/config_check_command.h"
#include "tools/price/catalog.h"
#include "tools/price/promotion_parse.h"

namespace evt::price {

std::optional<Strategy> StrategyNamed(std::string_view name) {
  if (name == "priority") return Strategy::kPriority;
  if (name == "best") return Strategy::kBest;
  return std::nullopt;
}

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
  std::optional<Strategy> named = StrategyNamed(*strategy);
  if (!named) return section->Error("strategy", "expected \"priority\" or \"best\", got \"" + *strategy + "\"");
  settings.strategy = *named;
  EVT_RETURN_IF_ERROR(section->Finish());
  return settings;
}

Status CheckPriceSection(const Config& config) {
  Result<PriceSettings> settings = ReadPriceSection(config);
  if (!settings.ok()) return settings.status();
  if (!settings->catalog.empty()) {
    EVT_RETURN_IF_ERROR(NamedFileError(config.path() + ": /price/catalog", LoadCatalog(settings->catalog).status()));
  }
  if (!settings->promotions.empty()) {
    EVT_RETURN_IF_ERROR(NamedFileError(config.path() + ": /price/promotions",
                                       LoadPromotions(settings->promotions, settings->timezone).status()));
  }
  return Status::Ok();
}

}  // namespace evt::price
