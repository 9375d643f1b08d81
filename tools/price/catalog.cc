#include "tools/price/catalog.h"

#include <iterator>
#include <string_view>

#include "common/currency.h"
#include "common/json_parse.h"
#include "tools/price/catalog_file.h"
#include "tools/price/field_reader.h"

namespace evt::price {

const Item* Catalog::Find(std::string_view sku) const {
  std::optional<std::uint32_t> item = sku_index.Find(sku);
  return item ? &items[*item] : nullptr;
}

namespace {

Status ReadTax(FieldReader& root, Catalog& catalog) {
  if (!root.Has("tax")) {
    root.Find("tax");
    return Status::Ok();
  }
  Result<FieldReader> tax = root.Object("tax");
  if (!tax.ok()) return tax.status();
  Result<std::string> mode = tax->String("mode");
  if (!mode.ok()) return mode.status();
  if (*mode == "inclusive") {
    catalog.tax_mode = TaxMode::kInclusive;
  } else if (*mode == "exclusive") {
    catalog.tax_mode = TaxMode::kExclusive;
  } else {
    return tax->Error("mode", "expected \"inclusive\" or \"exclusive\", got \"" + *mode + "\"");
  }
  Result<FieldReader> rates = tax->Object("rates");
  if (!rates.ok()) return rates.status();
  const Value* raw = tax->Find("rates");
  for (const Member& member : raw->as_object()) {
    const Value& v = member.second;
    std::optional<std::int64_t> scaled = v.is_number() ? ExactDecimal(v.as_double(), 9) : std::nullopt;
    if (!scaled || *scaled > kRateScale) {
      return rates->Expected(member.first, "a rate from 0 to 1 with at most 9 decimals (0.19 for 19%)", v);
    }
    rates->Find(member.first);
    catalog.tax_classes.push_back({member.first, Rate{*scaled}});
  }
  return tax->Finish();
}

Result<int> TaxClassOf(FieldReader& item, const Catalog& catalog) {
  Result<std::optional<std::string>> name = item.OptionalString("tax_class");
  if (!name.ok()) return name.status();
  if (catalog.tax_classes.empty()) {
    if (*name) return item.Error("tax_class", "the catalog has no \"tax\" rates to name");
    return kNoTaxClass;
  }
  std::string wanted = name->value_or("standard");
  for (std::size_t i = 0; i < catalog.tax_classes.size(); ++i) {
    if (catalog.tax_classes[i].name == wanted) return static_cast<int>(i);
  }
  if (!*name) return item.Error("tax_class", "missing, and there is no \"standard\" rate to fall back on");
  return item.Error("tax_class", "\"" + wanted + "\" is not one of the rates under /tax/rates");
}

Status ReadItem(const Value& v, const std::string& prefix, std::size_t index, Catalog& catalog) {
  Result<FieldReader> item = FieldReader::Of(v, prefix, "/items/" + std::to_string(index));
  if (!item.ok()) return item.status();
  Item out;
  Result<std::string> sku = item->String("sku");
  if (!sku.ok()) return sku.status();
  out.sku = std::move(*sku);
  Result<std::optional<std::string>> name = item->OptionalString("name");
  if (!name.ok()) return name.status();
  out.name = name->value_or(out.sku);
  Result<std::int64_t> price = item->Integer("price", 0);
  if (!price.ok()) return price.status();
  out.price = *price;
  Result<std::vector<std::string>> tags = item->Strings("tags");
  if (!tags.ok()) return tags.status();
  out.tags = std::move(*tags);
  Result<int> tax_class = TaxClassOf(*item, catalog);
  if (!tax_class.ok()) return tax_class.status();
  out.tax_class = *tax_class;
  EVT_RETURN_IF_ERROR(item->Finish());
  if (!catalog.sku_index.Add(out.sku)) {
    return item->Error("sku", "\"" + out.sku + "\" appears twice in the catalog");
  }
  catalog.items.push_back(std::move(out));
  return Status::Ok();
}

bool NonEmptyString(const Value& v) { return v.is_string() && !v.as_string().empty(); }

// The fast path for the thousands of items of a catalog: true when `v` is an
// item ReadItem would accept, added to `catalog` the same way; false, with
// `catalog` untouched, for anything else (which ReadItem then explains).
bool ReadPlainItem(const Value& v, Catalog& catalog) {
  if (!v.is_object()) return false;
  const Value* fields[5] = {};  // sku, name, price, tags, tax_class
  static constexpr std::string_view kKeys[] = {"sku", "name", "price", "tags", "tax_class"};
  for (const Member& member : v.as_object()) {
    std::size_t key = 0;
    while (key < std::size(kKeys) && kKeys[key] != member.first) ++key;
    if (key == std::size(kKeys) || fields[key]) return false;
    fields[key] = &member.second;
  }
  const auto [sku, name, price, tags, tax_class] = fields;
  if (!sku || !NonEmptyString(*sku) || (name && !NonEmptyString(*name))) return false;
  if (!price || !price->is_int() || price->as_int() < 0) return false;
  if (tags) {
    if (!tags->is_array()) return false;
    for (const Value& tag : tags->as_array()) {
      if (!NonEmptyString(tag)) return false;
    }
  }
  if (tax_class && !NonEmptyString(*tax_class)) return false;
  int class_index = kNoTaxClass;
  if (!catalog.tax_classes.empty()) {
    std::string_view wanted = tax_class ? std::string_view(tax_class->as_string()) : "standard";
    for (std::size_t i = 0; i < catalog.tax_classes.size() && class_index == kNoTaxClass; ++i) {
      if (catalog.tax_classes[i].name == wanted) class_index = static_cast<int>(i);
    }
    if (class_index == kNoTaxClass) return false;
  } else if (tax_class) {
    return false;
  }
  if (!catalog.sku_index.Add(sku->as_string())) return false;
  Item& item = catalog.items.emplace_back();
  item.sku = sku->as_string();
  item.name = name ? name->as_string() : item.sku;
  item.price = price->as_int();
  if (tags) {
    item.tags.reserve(tags->as_array().size());
    for (const Value& tag : tags->as_array()) item.tags.push_back(tag.as_string());
  }
  item.tax_class = class_index;
  return true;
}

}  // namespace

Result<Catalog> ParseCatalog(const Value& document, const std::string& source) {
  Result<FieldReader> root = FieldReader::Of(document, source + ": ", "");
  if (!root.ok()) return root.status();
  Catalog catalog;
  Result<std::string> currency = root->String("currency");
  if (!currency.ok()) return currency.status();
  if (!IsCurrencyCode(*currency)) {
    return root->Error("currency", "expected an ISO 4217 code such as \"EUR\", got \"" + *currency + "\"");
  }
  catalog.currency = *currency;
  catalog.minor_digits = MinorUnitDigits(catalog.currency);
  EVT_RETURN_IF_ERROR(ReadTax(*root, catalog));
  const Value* items = root->Find("items");
  if (!items) return root->Error("items", "missing (required)");
  if (!items->is_array()) return root->Expected("items", "an array of items", *items);
  catalog.items.reserve(items->as_array().size());
  catalog.sku_index.Reserve(items->as_array().size());
  for (std::size_t i = 0; i < items->as_array().size(); ++i) {
    if (ReadPlainItem(items->as_array()[i], catalog)) continue;
    EVT_RETURN_IF_ERROR(ReadItem(items->as_array()[i], source + ": ", i, catalog));
  }
  EVT_RETURN_IF_ERROR(root->Finish());
  return catalog;
}

Result<Catalog> LoadCatalog(const std::string& path) {
  if (std::optional<Catalog> plain = ReadPlainCatalogFile(path)) return std::move(*plain);
  Result<Value> document = ParseJsonFile(path);
  if (!document.ok()) return document.status();
  return ParseCatalog(*document, path);
}

}  // namespace evt::price
