// Bad input: each error names the cart (or file) and the field, and says
// what was expected.
#include <catch2/catch.hpp>

#include "price_test_util.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const char* kCatalog = R"({"currency":"EUR","items":[{"sku":"A","price":1000},{"sku":"BIG","price":4611686018427387904}]})";
const char* kNoPromotions = R"({"promotions":[]})";

// The hot loop's reading of a cart (ParseCart into a reused Cart) says the
// same as the plain one.
void CheckReusedCartSays(const Value& record, const Status& expected) {
  Cart reused;
  reused.id = "stale";
  reused.codes = {"STALE"};
  reused.lines = {{"A", 3}, {"A", 4}, {"A", 5}};
  Status status = ParseCart(record, reused);
  CHECK(status.code() == expected.code());
  CHECK(status.message() == expected.message());
}

std::string PriceError(const std::string& cart_json) {
  PriceEngine engine = EngineFromText(kCatalog, kNoPromotions);
  Result<Cart> cart = ParseCart(Json(cart_json));
  CheckReusedCartSays(Json(cart_json), cart.status());
  if (!cart.ok()) {
    CHECK(cart.status().code() == ExitCode::kDataErr);
    return cart.status().message();
  }
  Result<Quote> quote = engine.Price(*cart, kNoon);
  REQUIRE_FALSE(quote.ok());
  CHECK(quote.status().code() == ExitCode::kDataErr);
  return quote.status().message();
}

std::string PromotionError(const std::string& promotions) {
  Result<std::vector<Promotion>> p = ParsePromotions(Json(promotions), "promotions.json", "UTC");
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == ExitCode::kDataErr);
  return p.status().message();
}

std::string CatalogError(const std::string& catalog) {
  Result<Catalog> c = ParseCatalog(Json(catalog), "catalog.json");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == ExitCode::kDataErr);
  return c.status().message();
}

}  // namespace

TEST_CASE("price errors: carts name the cart id and the field", "[price]") {
  CHECK(PriceError(R"({"id":"c1","lines":[{"sku":"A","qty":1},{"sku":"ZZ","qty":1}]})") ==
        "cart \"c1\": /lines/1/sku: \"ZZ\" is not in the catalog");
  CHECK(PriceError(R"({"id":"c2","lines":[{"sku":"A","qty":0}]})") ==
        "cart \"c2\": /lines/0/qty: expected a whole number >= 1, got 0");
  CHECK(PriceError(R"({"id":"c3","lines":[{"sku":"A","qty":-2}]})") ==
        "cart \"c3\": /lines/0/qty: expected a whole number >= 1, got -2");
  CHECK(PriceError(R"({"id":"c4","lines":[{"sku":"A","qty":"two"}]})") ==
        "cart \"c4\": /lines/0/qty: expected a whole number >= 1, got \"two\"");
  CHECK(PriceError(R"({"id":"c5","lines":[{"sku":"BIG","qty":2}]})") ==
        "cart \"c5\": /lines/0/qty: 2 at 4611686018427387904 each takes the cart's amounts past 64 bits");
  CHECK(PriceError(R"({"id":"c6","lines":[{"sku":"A","qty":9223372036854775807}]})").find("past 64 bits") !=
        std::string::npos);
  CHECK(PriceError(R"({"id":"c7","lines":[{"sku":"A","qty":18446744073709551615}]})") ==
        "cart \"c7\": /lines/0/qty: expected a whole number >= 1 that fits in 64 bits, got 18446744073709551615");
  CHECK(PriceError(R"({"lines":[]})") == "/id: missing (required)");
  CHECK(PriceError(R"({"id":"c8","lines":[],"coupon":"X"})") == "cart \"c8\": /coupon: unknown key");
  CHECK(PriceError(R"({"id":"c9","lines":[],"at":"yesterday"})").rfind("cart \"c9\": /at: ", 0) == 0);
}

TEST_CASE("price errors: a whole number is one however it is written, a fraction says what it is", "[price]") {
  PriceEngine engine = EngineFromText(kCatalog, kNoPromotions);
  Quote q = PriceOk(engine, R"({"id":"e3","lines":[{"sku":"A","qty":1e3}]})");
  CHECK(q.total == 1000 * 1000);
  CHECK(PriceOk(engine, R"({"id":"e0","lines":[{"sku":"A","qty":2.0}]})").total == 2000);
  CHECK(PriceError(R"({"id":"c1","lines":[{"sku":"A","qty":2.5}]})") ==
        "cart \"c1\": /lines/0/qty: expected a whole number >= 1, got 2.5");
  CHECK(PriceError(R"({"id":"c2","lines":[{"sku":"A","qty":1e20}]})") ==
        "cart \"c2\": /lines/0/qty: expected a whole number >= 1, got 1e+20");
  CHECK(PriceError(R"({"id":"c3","lines":[{"sku":"A","qty":0e5}]})") ==
        "cart \"c3\": /lines/0/qty: expected a whole number >= 1, got 0");
}

TEST_CASE("price errors: a malformed promotion names the file and the field", "[price]") {
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"percent_off","percent":150}]})") ==
        "promotions.json: /promotions/0/percent: expected a percentage above 0 and at most 100 with at most 7 "
        "decimals, got 150");
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"half_off"}]})").find("/promotions/0/kind: expected one of") !=
        std::string::npos);
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"percent_off","percent":10,"amount":5}]})") ==
        "promotions.json: /promotions/0/amount: unknown key");
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"percent_off","percent":10},{"id":"p","kind":"percent_off","percent":5}]})") ==
        "promotions.json: /promotions/1/id: \"p\" appears twice");
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"percent_off","percent":10,"windows":[{"days":["fri"],"from":"18:00","until":"02:00"}],"timezone":"Mars/Olympus"}]})")
            .find("/promotions/0/timezone: \"Mars/Olympus\" is not a time zone") != std::string::npos);
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"percent_off","percent":10,"windows":[{"days":["fri"],"from":"25:00","until":"02:00"}]}]})") ==
        "promotions.json: /promotions/0/windows/0/from: expected a local time \"HH:MM\" from 00:00 to 23:59, got \"25:00\"");
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"buy_x_get_y","buy":0,"get":1}]})") ==
        "promotions.json: /promotions/0/buy: expected a whole number >= 1, got 0");
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"tiered","tiers":[{"min_qty":5,"percent":10},{"min_qty":3,"percent":5}]}]})") ==
        "promotions.json: /promotions/0/tiers: tier 1: \"min_qty\" must grow from tier to tier");
  CHECK(PromotionError(R"({"promotions":[{"id":"p","kind":"percent_off","percent":10,"target":{}}]})") ==
        "promotions.json: /promotions/0/target: expected \"skus\" and/or \"tags\" (leave \"target\" out for the whole cart)");
}

TEST_CASE("price errors: a bad catalog names the item and the field", "[price]") {
  CHECK(CatalogError(R"({"currency":"EUR","items":[{"sku":"A","price":19.99}]})") ==
        "catalog.json: /items/0/price: expected a whole number >= 0, got 19.99");
  CHECK(CatalogError(R"({"currency":"euro","items":[]})") ==
        "catalog.json: /currency: expected an ISO 4217 code such as \"EUR\", got \"euro\"");
  CHECK(CatalogError(R"({"currency":"EUR","items":[{"sku":"A","price":1},{"sku":"A","price":2}]})") ==
        "catalog.json: /items/1/sku: \"A\" appears twice in the catalog");
  CHECK(CatalogError(R"({"currency":"EUR","tax":{"mode":"inclusive","rates":{"standard":19}},"items":[]})") ==
        "catalog.json: /tax/rates/standard: expected a rate from 0 to 1 with at most 9 decimals (0.19 for 19%), got 19");
  CHECK(CatalogError(R"({"currency":"EUR","tax":{"mode":"inclusive","rates":{"std":0.19}},"items":[{"sku":"A","price":1}]})") ==
        "catalog.json: /items/0/tax_class: missing, and there is no \"standard\" rate to fall back on");
}

TEST_CASE("price explain all: every other promotion is no_target_in_cart", "[price]") {
  PriceEngine engine = EngineFromText(kCatalog, R"({"promotions":[{"id":"far","kind":"percent_off","percent":10,"target":{"skus":["BIG"]}}]})");
  Quote plain = PriceOk(engine, R"({"id":"c","lines":[{"sku":"A","qty":1}]})");
  CHECK(plain.rejected.empty());
  PriceOptions all;
  all.explain_all = true;
  Quote explained = PriceOk(engine, R"({"id":"c","lines":[{"sku":"A","qty":1}]})", all);
  REQUIRE(explained.rejected.size() == 1);
  CHECK(explained.rejected[0].reason == RejectReason::kNoTargetInCart);
}

TEST_CASE("price usage limits: an exhausted promotion is usage_limit_reached", "[price]") {
  struct AllUsedUp : UsageLimits {
    bool Exhausted(const Promotion& p, const Cart&) const override { return p.id == "once"; }
  } limits;
  PriceEngine engine = EngineFromText(kCatalog, R"({"promotions":[{"id":"once","kind":"percent_off","percent":10}]})");
  PriceOptions options;
  options.usage = &limits;
  Quote q = PriceOk(engine, R"({"id":"c","lines":[{"sku":"A","qty":1}]})", options);
  CHECK(q.total == 1000);
  REQUIRE(q.rejected.size() == 1);
  CHECK(q.rejected[0].reason == RejectReason::kUsageLimitReached);
}

TEST_CASE("price errors: the stream's reused cart reader says what the plain one says", "[price]") {
  const char* records[] = {
      R"({"id":"g","customer":"u","segments":["s"],"codes":["a","b"],"at":"2026-12-05T19:30:00+01:00",
          "kind":"cart","v":1,"ts":"x","lines":[{"sku":"A","qty":2},{"qty":1,"sku":"B"}]})",
      R"({"lines":[],"id":"empty"})",
      R"({"id":"c","customer":"","lines":[]})",
      R"({"id":"c","customer":5,"lines":[]})",
      R"({"id":"c","segments":"x","lines":[]})",
      R"({"id":"c","segments":[""],"lines":[]})",
      R"({"id":"c","codes":[1],"lines":[]})",
      R"({"id":"c","at":5,"lines":[]})",
      R"({"id":"c","lines":{}})",
      R"({"id":"c","lines":[{"sku":"A"}]})",
      R"({"id":"c","lines":[{"sku":"A","qty":1,"x":1}]})",
      R"({"id":"c","lines":[{"qty":1,"sku":""}]})",
      R"({"id":"c","lines":[{"qty":1.5,"sku":"A"}]})",
      R"({"id":"c","lines":[5]})",
      R"({"id":"","lines":[]})",
      R"({"id":5,"lines":[]})",
      R"({"id":"c"})",
      R"([1])",
  };
  for (const char* text : records) {
    INFO(text);
    Value record = Json(text);
    Result<Cart> plain = ParseCart(record);
    CheckReusedCartSays(record, plain.status());
    if (!plain.ok()) continue;
    Cart reused;
    reused.customer = "stale";
    reused.at = kNoon;
    REQUIRE(ParseCart(record, reused).ok());
    CHECK(reused.id == plain->id);
    CHECK(reused.customer == plain->customer);
    CHECK(reused.segments == plain->segments);
    CHECK(reused.codes == plain->codes);
    CHECK(reused.at == plain->at);
    REQUIRE(reused.lines.size() == plain->lines.size());
    for (std::size_t i = 0; i < reused.lines.size(); ++i) {
      CHECK(reused.lines[i].sku == plain->lines[i].sku);
      CHECK(reused.lines[i].qty == plain->lines[i].qty);
    }
  }
}
