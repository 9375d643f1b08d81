// PriceOptions::items (engine.h): pricing tells the listener each cart's
// items, in the cart's line order, once per cart priced, and not for a
// cart it refuses.
#include <catch2/catch.hpp>

#include <vector>

#include "price_test_util.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

class Recorder final : public ItemsListener {
 public:
  void ItemsFound(std::span<const std::uint32_t> items) const override {
    calls.emplace_back(items.begin(), items.end());
  }
  mutable std::vector<std::vector<std::uint32_t>> calls;
};

const char* kCatalog = R"({"currency": "EUR", "items": [
    {"sku": "A", "price": 100}, {"sku": "B", "price": 200}, {"sku": "C", "price": 300}]})";
const char* kPromotions = R"({"promotions": [
    {"id": "p", "kind": "percent_off", "percent": 10, "target": {"skus": ["B"]}}]})";

}  // namespace

TEST_CASE("price items listener: told the items in line order, once per cart", "[price]") {
  PriceEngine engine = EngineFromText(kCatalog, kPromotions);
  Recorder recorder;
  PriceOptions options{.items = &recorder};
  PriceOk(engine, R"({"id": "c1", "lines": [{"sku": "C", "qty": 1}, {"sku": "A", "qty": 2}, {"sku": "C", "qty": 3}]})",
          options);
  PriceOk(engine, R"({"id": "c2", "lines": [{"sku": "B", "qty": 1}]})", options);
  REQUIRE(recorder.calls.size() == 2);
  CHECK(recorder.calls[0] == std::vector<std::uint32_t>{2, 0, 2});
  CHECK(recorder.calls[1] == std::vector<std::uint32_t>{1});
}

TEST_CASE("price items listener: not told of a cart with an unknown sku", "[price]") {
  PriceEngine engine = EngineFromText(kCatalog, kPromotions);
  Recorder recorder;
  Result<Cart> cart = ParseCart(Json(R"({"id": "c", "lines": [{"sku": "A", "qty": 1}, {"sku": "Z", "qty": 1}]})"));
  REQUIRE(cart.ok());
  Result<Quote> quote = engine.Price(*cart, kNoon, PriceOptions{.items = &recorder});
  CHECK(quote.status().code() == ExitCode::kDataErr);
  CHECK(recorder.calls.empty());
}
