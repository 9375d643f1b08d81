// The `price` section of the site config:
//   "price": {"catalog": "catalog.json", "promotions": "promotions.json",
//             "strategy": "priority", "kiosk": "k1"}
// Paths are relative to the config file. "strategy" is "priority" or "best"
// (the default for `quote --strategy`).
#pragma once

#include <string>

#include "common/config.h"
#include "common/status.h"

namespace evt::price {

struct PriceSettings {
  std::string catalog;     // empty when the section does not name it
  std::string promotions;
  std::string timezone = "UTC";  // the site's: the default for recurring windows
  std::string strategy = "priority";  // or "best" (best_deal.h)
  std::string kiosk;             // this kiosk's name in redemptions; empty: the host name
};

// Reads the section strictly (unknown keys are errors, exit 78).
Result<PriceSettings> ReadPriceSection(const Config& config);

// `config check`: the section, then the catalog and promotions it names,
// loaded as `quote` loads them; a file's error is Config (78) naming
// /price/catalog or /price/promotions first.
Status CheckPriceSection(const Config& config);

}  // namespace evt::price
