// The `price` section of the site config:
//   "price": {"catalog": "catalog.json", "promotions": "promotions.json",
//             "strategy": "priority"}
// Paths are relative to the config file. "strategy" is "priority" (the only
// one so far; a best-deal search comes later).
#pragma once

#include <string>

#include "common/config.h"
#include "common/status.h"

namespace evt::price {

struct PriceSettings {
  std::string catalog;     // empty when the section does not name it
  std::string promotions;
  std::string timezone = "UTC";  // the site's: the default for recurring windows
};

// Reads the section strictly (unknown keys are errors, exit 78).
Result<PriceSettings> ReadPriceSection(const Config& config);

}  // namespace evt::price
