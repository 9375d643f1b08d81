// The catalog half of the lint: prices and rates checked on the raw
// document (so every bad one is found, not only the first), and what the
// promotions half needs to know of the items.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/price/lint.h"
#include "tools/price/money.h"

namespace evt::price {

struct LintItem {
  std::string sku;
  std::vector<std::string> tags;
  std::optional<Money> price;  // absent when it is not a valid amount
};

struct LintedCatalog {
  std::vector<LintItem> items;
  std::unordered_map<std::string, std::size_t> index_of_sku;
  std::unordered_map<std::string, std::vector<std::size_t>> items_of_tag;
};

// Appends bad_price and bad_rate findings. DataErr when the document has no
// "items" array to read.
Result<LintedCatalog> LintCatalog(const Value& document, const std::string& name, std::vector<Finding>& findings);

}  // namespace evt::price
