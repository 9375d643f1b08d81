#include "tools/price/catalog_file.h"

#include <iterator>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "common/json_parse.h"
#include "tools/price/currency.h"

namespace evt::price {

namespace {

namespace dom = simdjson::dom;

// Object members by key, or false for a key not in `keys` or given twice
// (the Value reader refuses duplicate keys; so must this path).
template <std::size_t N>
bool Members(dom::object object, const std::string_view (&keys)[N], dom::element (&found)[N], bool (&present)[N]) {
  for (dom::key_value_pair member : object) {
    std::size_t key = 0;
    while (key < N && keys[key] != member.key) ++key;
    if (key == N || present[key]) return false;
    present[key] = true;
    found[key] = member.value;
  }
  return true;
}

bool NonEmptyString(dom::element v, std::string_view& out) {
  if (v.get_string().get(out) != simdjson::SUCCESS) return false;
  return !out.empty();
}

// A JSON number as the Value reader holds it, as a double.
bool NumberAsDouble(dom::element v, double& out) {
  switch (v.type()) {
    case dom::element_type::INT64: out = static_cast<double>(std::int64_t(v)); return true;
    case dom::element_type::UINT64: out = static_cast<double>(std::uint64_t(v)); return true;
    case dom::element_type::DOUBLE: out = double(v); return true;
    default: return false;
  }
}

bool ReadTax(dom::element tax, Catalog& catalog) {
  dom::object object;
  if (tax.get_object().get(object) != simdjson::SUCCESS) return false;
  static constexpr std::string_view kKeys[] = {"mode", "rates"};
  dom::element found[2];
  bool present[2] = {};
  if (!Members(object, kKeys, found, present) || !present[0] || !present[1]) return false;
  std::string_view mode;
  if (found[0].get_string().get(mode) != simdjson::SUCCESS) return false;
  if (mode == "inclusive") {
    catalog.tax_mode = TaxMode::kInclusive;
  } else if (mode == "exclusive") {
    catalog.tax_mode = TaxMode::kExclusive;
  } else {
    return false;
  }
  dom::object rates;
  if (found[1].get_object().get(rates) != simdjson::SUCCESS) return false;
  for (dom::key_value_pair rate : rates) {
    for (const TaxClass& seen : catalog.tax_classes) {
      if (seen.name == rate.key) return false;
    }
    double value = 0;
    if (!NumberAsDouble(rate.value, value)) return false;
    std::optional<std::int64_t> scaled = ExactDecimal(value, 9);
    if (!scaled || *scaled > kRateScale) return false;
    catalog.tax_classes.push_back({std::string(rate.key), Rate{*scaled}});
  }
  return true;
}

bool ReadItem(dom::element v, Catalog& catalog) {
  dom::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS) return false;
  static constexpr std::string_view kKeys[] = {"sku", "name", "price", "tags", "tax_class"};
  dom::element found[5];
  bool present[5] = {};
  if (!Members(object, kKeys, found, present)) return false;
  std::string_view sku, name, tax_class;
  std::int64_t price = 0;
  if (!present[0] || !NonEmptyString(found[0], sku)) return false;
  if (present[1] && !NonEmptyString(found[1], name)) return false;
  if (!present[2] || found[2].type() != dom::element_type::INT64) return false;
  price = std::int64_t(found[2]);
  if (price < 0) return false;
  dom::array tags;
  if (present[3]) {
    if (found[3].get_array().get(tags) != simdjson::SUCCESS) return false;
    for (dom::element tag : tags) {
      std::string_view text;
      if (!NonEmptyString(tag, text)) return false;
    }
  }
  if (present[4] && !NonEmptyString(found[4], tax_class)) return false;
  int class_index = kNoTaxClass;
  if (!catalog.tax_classes.empty()) {
    std::string_view wanted = present[4] ? tax_class : "standard";
    for (std::size_t i = 0; i < catalog.tax_classes.size() && class_index == kNoTaxClass; ++i) {
      if (catalog.tax_classes[i].name == wanted) class_index = static_cast<int>(i);
    }
    if (class_index == kNoTaxClass) return false;
  } else if (present[4]) {
    return false;
  }
  if (!catalog.sku_index.Add(sku)) return false;
  Item& item = catalog.items.emplace_back();
  item.sku = sku;
  item.name = present[1] ? name : sku;
  item.price = price;
  if (present[3]) {
    item.tags.reserve(tags.size());
    for (dom::element tag : tags) item.tags.emplace_back(std::string_view(tag));
  }
  item.tax_class = class_index;
  return true;
}

bool ReadCatalog(dom::element root, Catalog& catalog) {
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return false;
  static constexpr std::string_view kKeys[] = {"currency", "tax", "items"};
  dom::element found[3];
  bool present[3] = {};
  if (!Members(object, kKeys, found, present) || !present[0] || !present[2]) return false;
  std::string_view currency;
  if (!NonEmptyString(found[0], currency) || !IsCurrencyCode(currency)) return false;
  catalog.currency = currency;
  catalog.minor_digits = MinorUnitDigits(catalog.currency);
  if (present[1] && !ReadTax(found[1], catalog)) return false;
  dom::array items;
  if (found[2].get_array().get(items) != simdjson::SUCCESS) return false;
  catalog.items.reserve(items.size());
  catalog.sku_index.Reserve(items.size());
  for (dom::element item : items) {
    if (!ReadItem(item, catalog)) return false;
  }
  return true;
}

}  // namespace

std::optional<Catalog> ReadPlainCatalogFile(const std::string& path) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text) != simdjson::SUCCESS) return std::nullopt;
  if (text.size() > kMaxJsonFileBytes) return std::nullopt;
  // A catalog nests three levels deep; deeper is the slow path's to refuse.
  dom::parser parser(text.size());
  if (parser.allocate(text.size(), 8) != simdjson::SUCCESS) return std::nullopt;
  dom::element root;
  if (parser.parse(text).get(root) != simdjson::SUCCESS) return std::nullopt;
  Catalog catalog;
  if (!ReadCatalog(root, catalog)) return std::nullopt;
  return catalog;
}

}  // namespace evt::price
