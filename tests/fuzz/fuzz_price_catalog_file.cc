// The catalog's quick reader (catalog_file.h) against the Value path: a
// text ReadPlainCatalogText takes must parse as JSON and read with
// ParseCatalog to the very same catalog. A difference is a crash here;
// nothing else may crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json_parse.h"
#include "tools/price/catalog.h"
#include "tools/price/catalog_file.h"

namespace {

bool Same(const evt::price::Catalog& a, const evt::price::Catalog& b) {
  if (a.currency != b.currency || a.minor_digits != b.minor_digits || a.tax_mode != b.tax_mode ||
      a.tax_classes.size() != b.tax_classes.size() || a.items.size() != b.items.size() ||
      a.sku_index.size() != b.sku_index.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.tax_classes.size(); ++i) {
    if (a.tax_classes[i].name != b.tax_classes[i].name || !(a.tax_classes[i].rate == b.tax_classes[i].rate)) return false;
  }
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    const evt::price::Item& x = a.items[i];
    const evt::price::Item& y = b.items[i];
    if (x.sku != y.sku || x.name != y.name || x.price != y.price || x.tags != y.tags || x.tax_class != y.tax_class ||
        a.sku_index.Find(x.sku) != std::optional<std::uint32_t>(i)) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<evt::price::Catalog> quick = evt::price::ReadPlainCatalogText(text);
  if (!quick) return 0;
  evt::Result<evt::Value> value = evt::ParseJson(text, "fuzz");
  if (!value.ok()) std::abort();
  evt::Result<evt::price::Catalog> usual = evt::price::ParseCatalog(*value, "fuzz");
  if (!usual.ok() || !Same(*quick, *usual)) std::abort();
  return 0;
}
