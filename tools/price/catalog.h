// The catalog: what can be sold, at which price, under which tax class.
//
//   {"currency": "EUR",
//    "tax": {"mode": "inclusive", "rates": {"standard": 0.19, "reduced": 0.07}},
//    "items": [{"sku": "TEE-BLK-M", "name": "Tee black M", "price": 2500,
//               "tags": ["apparel"], "tax_class": "standard"}]}
//
// Prices are integers in the currency's minor units. Rates are ratios
// (0.19, not 19). Without "tax" nothing is taxed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/price/money.h"
#include "tools/price/sku_index.h"

namespace evt::price {

enum class TaxMode {
  kInclusive,  // prices include tax: discounts reduce the gross, tax is extracted from it
  kExclusive,  // prices exclude tax: tax is added to the discounted amount
};

struct TaxClass {
  std::string name;
  Rate rate;
};

inline constexpr int kNoTaxClass = -1;

struct Item {
  std::string sku;
  std::string name;
  Money price = 0;
  std::vector<std::string> tags;
  int tax_class = kNoTaxClass;  // index into Catalog::tax_classes
};

struct Catalog {
  std::string currency;
  int minor_digits = 2;
  TaxMode tax_mode = TaxMode::kExclusive;
  std::vector<TaxClass> tax_classes;
  std::vector<Item> items;
  SkuIndex sku_index;  // items[i]'s sku is item i

  // nullptr for a sku the catalog does not have.
  const Item* Find(std::string_view sku) const;
};

// Reads a catalog document; `source` names it in messages ("catalog.json").
// Errors are DataErr naming the JSON pointer: a missing or duplicate sku, a
// price that is not an integer >= 0, an unknown tax class.
Result<Catalog> ParseCatalog(const Value& document, const std::string& source);
// ParseJsonFile + ParseCatalog.
Result<Catalog> LoadCatalog(const std::string& path);

}  // namespace evt::price
