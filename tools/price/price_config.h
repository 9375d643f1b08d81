// The `price` section of the site config:
//   "price": {"catalog": "catalog.json", "promotions": "promotions.json",
//             "strategy": "priority", "kiosk": "k1"}
// Paths are relative to the config file. "strategy" is "priority" or "best"
// (the default for `quote --strategy`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/config.h"
#include "common/status.h"

namespace evt::price {

// How `quote` chooses among promotions that compete (best_deal.h).
enum class Strategy { kPriority, kBest };
// Which promotions a quote explains: those that touched the cart, or also
// those whose targets were not in it (rejected no_target_in_cart).
enum class Explain { kApplied, kAll };

// "priority" or "best" as a Strategy; nullopt for any other text.
std::optional<Strategy> StrategyNamed(std::string_view name);

// The section (ReadPriceSection), then the flags over it (cli.h's
// ResolveSettings): what the commands use, every option already typed.
struct PriceSettings {
  std::string catalog;     // empty when the section does not name it
  std::string promotions;
  std::string timezone = "UTC";  // the site's: the default for recurring windows
  Strategy strategy = Strategy::kPriority;
  Explain explain = Explain::kApplied;  // a flag only: quote --explain
  std::string kiosk;             // this kiosk's name in redemptions; empty: the host name
};

// Reads the section strictly (unknown keys are errors, exit 78).
Result<PriceSettings> ReadPriceSection(const Config& config);

// `config check`: the section, then the catalog and promotions it names,
// loaded as `quote` loads them; a file's error is Config (78) naming
// /price/catalog or /price/promotions first.
Status CheckPriceSection(const Config& config);

}  // namespace evt::price
