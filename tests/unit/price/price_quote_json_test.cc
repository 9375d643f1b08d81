// The fast quote writer (quote_json.h) against the Value path
// (quote_record_oracle.h + AppendJson): the same bytes for every fixture cart, for
// the property tests' random carts, and for strings that need escaping.
#include <catch2/catch.hpp>

#include "common/json_writer.h"
#include "price_random_shop.h"
#include "price_test_util.h"
#include "tools/price/quote_json.h"
#include "quote_record_oracle.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const TimePoint kTs = kNoon + std::chrono::milliseconds(1234);

// The hot loop's objects, reused from cart to cart as the stream reuses them
// (each test case starts them afresh).
struct Reused {
  Cart cart;
  Quote quote;
};

// The reference: a fresh Cart and Quote, written through a Value. The fast
// path: the reused Cart and Quote, written by QuoteJson.
void CheckSameBytes(const PriceEngine& engine, QuoteJson& fast, Reused& reused, const Value& cart_json,
                    const PriceOptions& options = {}) {
  static int calls = 0;  // "ts" the same as before half the time, as in a fast stream
  const TimePoint ts = kTs + std::chrono::milliseconds(calls++ / 2);
  Result<Cart> cart = ParseCart(cart_json);
  REQUIRE(cart.ok());
  Result<Quote> quote = engine.Price(*cart, kNoon, options);
  REQUIRE(quote.ok());
  Result<std::string> reference = ToJson(MakeQuoteRecord(*quote, engine, ts));
  REQUIRE(reference.ok());
  REQUIRE(ParseCart(cart_json, reused.cart).ok());
  REQUIRE(engine.Price(reused.cart, kNoon, options, reused.quote).ok());
  std::string written = "unrelated bytes before";
  REQUIRE(fast.Append(written, reused.quote, ts).ok());
  CHECK(written == "unrelated bytes before" + *reference);
}

}  // namespace

TEST_CASE("price quote json: fixture carts write the same bytes as the Value path", "[price]") {
  Result<Value> fixtures = ParseJsonFile(std::string(EVT_SOURCE_DIR) + "/tests/unit/price/fixtures/quotes.json");
  REQUIRE(fixtures.ok());
  std::size_t carts = 0;
  for (const Value& suite : fixtures->find("suites")->as_array()) {
    INFO("suite: " << suite.find("name")->as_string());
    PriceEngine engine = EngineFrom(*suite.find("catalog"), *suite.find("promotions"));
    QuoteJson fast(engine);
    Reused reused;
    for (const Value& c : suite.find("carts")->as_array()) {
      INFO("cart: " << c.find("cart")->find("id")->as_string());
      CheckSameBytes(engine, fast, reused, *c.find("cart"));
      CheckSameBytes(engine, fast, reused, *c.find("cart"), PriceOptions{.explain_all = true});
      ++carts;
    }
  }
  CHECK(carts >= 60);
}

TEST_CASE("price quote json: random carts write the same bytes as the Value path", "[price]") {
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    INFO("seed " << seed);
    RandomShop shop(seed);
    PriceEngine engine = EngineFrom(shop.Catalog(), shop.Promotions());
    QuoteJson fast(engine);
    Reused reused;
    for (int c = 0; c < 10; ++c) CheckSameBytes(engine, fast, reused, Json(shop.Cart()), PriceOptions{.explain_all = c % 2 == 1});
  }
}

// As the stream runs it: the writer told the items while the cart is priced
// (PriceOptions::items), so it fetches their fragments early.
TEST_CASE("price quote json: told the items during pricing, the same bytes", "[price]") {
  for (std::uint32_t seed = 1; seed <= 100; ++seed) {
    INFO("seed " << seed);
    RandomShop shop(seed);
    PriceEngine engine = EngineFrom(shop.Catalog(), shop.Promotions());
    QuoteJson fast(engine);
    Reused reused;
    for (int c = 0; c < 10; ++c) CheckSameBytes(engine, fast, reused, Json(shop.Cart()), PriceOptions{.items = &fast});
  }
}

TEST_CASE("price quote json: escaped strings, customers, unknown codes and untaxed catalogs", "[price]") {
  const char* catalog = R"({"currency": "KWD", "items": [
      {"sku": "A\"1\\", "name": "Tee \"black\" \\ \u00e9\u0001\t\u2028", "price": 1250},
      {"sku": "B", "price": 3}]})";
  const char* promotions = R"({"promotions": [
      {"id": "p\"1", "kind": "percent_off", "percent": 12.5, "target": {"skus": ["A\"1\\"]}, "max_discount": 100},
      {"id": "code/\u00fc", "kind": "cart_amount_off", "amount": 5, "code": "X\n"}]})";
  PriceEngine engine = EngineFromText(catalog, promotions);
  QuoteJson fast(engine);
  Reused reused;
  CheckSameBytes(engine, fast, reused, Json(R"({"id": "c\"\u00e9", "customer": "u\\5", "codes": ["X\n", "nope\u0007", "nope\u0007"],
                                        "lines": [{"sku": "B", "qty": 2}, {"sku": "A\"1\\", "qty": 3}]})"));
  CheckSameBytes(engine, fast, reused, Json(R"({"id": "c2", "lines": [{"sku": "B", "qty": 1}]})"),
                 PriceOptions{.explain_all = true});
}

TEST_CASE("price quote json: exclusive and inclusive tax with several classes", "[price]") {
  for (const char* mode : {"inclusive", "exclusive"}) {
    std::string catalog = std::string(R"({"currency": "EUR", "tax": {"mode": ")") + mode +
                          R"(", "rates": {"standard": 0.19, "reduced": 0.07, "zero": 0, "one": 1}},
        "items": [{"sku": "A", "price": 1999, "tax_class": "reduced"}, {"sku": "B", "price": 1050},
                  {"sku": "C", "price": 7, "tax_class": "zero"}, {"sku": "D", "price": 100, "tax_class": "one"}]})";
    PriceEngine engine = EngineFromText(catalog, R"({"promotions": [
        {"id": "half", "kind": "percent_off", "percent": 50, "target": {"skus": ["A", "C"]}, "exclusive": true}]})");
    QuoteJson fast(engine);
    Reused reused;
    CheckSameBytes(engine, fast, reused, Json(R"({"id": "c", "lines": [{"sku": "D", "qty": 1}, {"sku": "A", "qty": 2},
                                                               {"sku": "B", "qty": 1}, {"sku": "C", "qty": 9}]})"));
  }
}
