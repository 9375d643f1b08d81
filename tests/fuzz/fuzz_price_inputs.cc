// The price engine's inputs from arbitrary bytes: the text is parsed as JSON
// and read as a catalog, as promotions and as a cart; whatever parses is
// priced. Nothing may crash, hang or overflow, whatever the numbers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_parse.h"
#include "tools/price/cart.h"
#include "tools/price/catalog.h"
#include "tools/price/engine.h"
#include "tools/price/promotion_parse.h"

namespace {

const evt::Value& FixedCatalog() {
  static const evt::Value catalog = *evt::ParseJson(
      R"({"currency":"EUR","tax":{"mode":"exclusive","rates":{"standard":0.19}},"items":[
          {"sku":"A","price":1999,"tags":["x"]},{"sku":"B","price":9223372036854775807},
          {"sku":"C","price":0,"tags":["x","y"]}]})",
      "catalog");
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  evt::Result<evt::Value> doc = evt::ParseJson(text, "fuzz");
  if (!doc.ok()) return 0;
  (void)evt::price::ParseCatalog(*doc, "fuzz");
  evt::Result<std::vector<evt::price::Promotion>> promotions = evt::price::ParsePromotions(*doc, "fuzz", "UTC");
  evt::Result<evt::price::Catalog> catalog = evt::price::ParseCatalog(FixedCatalog(), "catalog");
  if (!catalog.ok()) return 0;
  evt::price::PriceEngine engine = evt::price::PriceEngine::Build(
      std::move(*catalog), promotions.ok() ? std::move(*promotions) : std::vector<evt::price::Promotion>{});
  // The document as a cart, and a fixed cart under the fuzzed promotions.
  evt::Result<evt::price::Cart> cart = evt::price::ParseCart(*doc);
  evt::price::PriceOptions all;
  all.explain_all = true;
  if (cart.ok()) (void)engine.Price(*cart, evt::TimePoint{}, all);
  evt::price::Cart fixed;
  fixed.id = "f";
  fixed.codes = {"C"};
  fixed.lines = {{"A", 3}, {"C", 7}};
  (void)engine.Price(fixed, evt::TimePoint{}, all);
  return 0;
}
