#include "tools/price/lint_catalog.h"

#include "tools/price/field_reader.h"

namespace evt::price {

namespace {

bool IsValidRate(const Value& v) {
  if (!v.is_number()) return false;
  std::optional<std::int64_t> scaled = ExactDecimal(v.as_double(), 9);
  return scaled && *scaled >= 0 && *scaled <= kRateScale;
}

void LintRates(const Value& document, const std::string& name, std::vector<Finding>& findings) {
  const Value* tax = document.find("tax");
  const Value* rates = tax ? tax->find("rates") : nullptr;
  if (!rates || !rates->is_object()) return;
  for (const auto& [rate, value] : rates->as_object()) {
    if (IsValidRate(value)) continue;
    findings.push_back({"bad_rate", name, "/tax/rates/" + rate, "",
                        "expected a rate from 0 to 1 with at most 9 decimals "
                        "(0.19 for 19%), got " +
                            Describe(value)});
  }
}

LintItem ReadItem(const Value& item, std::size_t i, const std::string& name, std::vector<Finding>& findings) {
  LintItem out;
  if (const Value* sku = item.find("sku"); sku && sku->is_string()) out.sku = sku->as_string();
  if (const Value* tags = item.find("tags"); tags && tags->is_array()) {
    for (const Value& tag : tags->as_array()) {
      if (tag.is_string()) out.tags.push_back(tag.as_string());
    }
  }
  const Value* price = item.find("price");
  std::string path = "/items/" + std::to_string(i) + "/price";
  if (!price) {
    findings.push_back({"bad_price", name, path, "", "missing (required): an integer amount in minor units >= 0"});
  } else if (!price->is_int() || price->as_int() < 0) {
    findings.push_back(
        {"bad_price", name, path, "", "expected an integer amount in minor units >= 0, got " + Describe(*price)});
  } else {
    out.price = price->as_int();
  }
  return out;
}

}  // namespace

Result<LintedCatalog> LintCatalog(const Value& document, const std::string& name, std::vector<Finding>& findings) {
  const Value* items = document.find("items");
  if (!items || !items->is_array()) return Status::DataErr(name + ": /items: expected an array of items");
  LintRates(document, name, findings);
  LintedCatalog out;
  for (std::size_t i = 0; i < items->as_array().size(); ++i) {
    LintItem item = ReadItem(items->as_array()[i], i, name, findings);
    if (item.sku.empty() || out.index_of_sku.count(item.sku)) continue;
    out.index_of_sku.emplace(item.sku, out.items.size());
    for (const std::string& tag : item.tags) out.items_of_tag[tag].push_back(out.items.size());
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace evt::price
