// Property tests over random catalogs, promotions and carts: whatever the
// input, the amounts reconcile to the cent, never go negative, and do not
// depend on the order of the cart's lines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "price_test_util.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

class RandomShop {
 public:
  explicit RandomShop(std::uint32_t seed) : rng_(seed) {}

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Value Catalog() {
    Value items = Value::array();
    for (int i = 0; i < kItems; ++i) {
      items.push_back(Value::object({{"sku", Sku(i)},
                                     {"price", Pick(0, 3) == 0 ? Pick(0, 99) : Pick(100, 50000)},
                                     {"tags", Value::array({Tag(i % 4)})},
                                     {"tax_class", Pick(0, 1) ? "standard" : "reduced"}}));
    }
    const char* mode = Pick(0, 1) ? "inclusive" : "exclusive";
    return Value::object({{"currency", "EUR"},
                          {"tax", Value::object({{"mode", mode},
                                                 {"rates", Value::object({{"standard", 0.19}, {"reduced", 0.07}})}})},
                          {"items", std::move(items)}});
  }

  Value Promotions() {
    Value list = Value::array();
    int n = Pick(1, 8);
    for (int i = 0; i < n; ++i) list.push_back(Promotion(i));
    return Value::object({{"promotions", std::move(list)}});
  }

  std::string Cart() {
    std::string lines;
    int n = Pick(1, 12);
    for (int i = 0; i < n; ++i) {
      if (i) lines += ",";
      lines += "{\"sku\":\"" + Sku(Pick(0, kItems - 1)) + "\",\"qty\":" + std::to_string(Pick(1, 9)) + "}";
    }
    return "{\"id\":\"r\",\"codes\":[\"C1\"],\"segments\":[\"vip\"],\"lines\":[" + lines + "]}";
  }

  std::mt19937& rng() { return rng_; }

 private:
  static constexpr int kItems = 12;
  static std::string Sku(int i) { return "S" + std::to_string(i); }
  static std::string Tag(int i) { return "t" + std::to_string(i); }

  Value Target() {
    switch (Pick(0, 2)) {
      case 0: return Value::object({{"skus", Value::array({Sku(Pick(0, kItems - 1)), Sku(Pick(0, kItems - 1))})}});
      case 1: return Value::object({{"tags", Value::array({Tag(Pick(0, 3))})}});
      default: return Value();
    }
  }

  Value Promotion(int i) {
    Value p = Value::object({{"id", "p" + std::to_string(i)}, {"priority", Pick(0, 3)}});
    Value target = Target();
    int kind = Pick(0, 7);
    if (kind != 4 && !target.is_null()) p.set("target", target);
    switch (kind) {
      case 0: p.set("kind", "percent_off"); p.set("percent", Pick(1, 1000) / 10.0); break;
      case 1: p.set("kind", "amount_off"); p.set("amount", Pick(1, 5000)); if (Pick(0, 1)) p.set("allocation", "across"); break;
      case 2: p.set("kind", "fixed_price"); p.set("price", Pick(0, 3000)); break;
      case 3:
        p.set("kind", "buy_x_get_y"); p.set("buy", Pick(1, 3)); p.set("get", Pick(1, 2));
        p.set("percent", Pick(1, 100)); if (Pick(0, 1)) p.set("choose", "most_expensive");
        break;
      case 4:
        p.set("kind", "bundle"); p.set("price", Pick(0, 20000));
        p.set("components", Value::array({Value::object({{"tags", Value::array({Tag(0)})}}),
                                          Value::object({{"tags", Value::array({Tag(1)})}})}));
        break;
      case 5:
        p.set("kind", "tiered");
        p.set("tiers", Value::array({Value::object({{"min_qty", 2}, {"percent", 5}}),
                                     Value::object({{"min_qty", 5}, {"amount", Pick(1, 500)}})}));
        break;
      case 6: p.set("kind", "cart_amount_off"); p.set("amount", Pick(1, 20000)); break;
      default: p.set("kind", "cart_percent_off"); p.set("percent", Pick(1, 100)); break;
    }
    if (Pick(0, 4) == 0) p.set("exclusive", true);
    if (Pick(0, 3) == 0) p.set("group", "g");
    if (Pick(0, 4) == 0) p.set("max_discount", Pick(0, 3000));
    if (Pick(0, 5) == 0) p.set("code", Pick(0, 1) ? "C1" : "C2");
    if (Pick(0, 5) == 0) p.set("min_subtotal", Pick(0, 20000));
    return p;
  }

  std::mt19937 rng_;
};

void CheckReconciles(const Quote& q) {
  Money subtotal = 0, discount = 0, tax = 0, total = 0;
  for (const QuoteLine& line : q.lines) {
    Money line_discounts = 0;
    for (const LineDiscount& d : line.discounts) {
      CHECK(d.amount > 0);
      line_discounts += d.amount;
    }
    CHECK(line.discount == line_discounts);
    CHECK(line.net == line.gross - line.discount);
    CHECK(line.net >= 0);
    CHECK(line.tax >= 0);
    CHECK(line.total >= 0);
    subtotal += line.gross;
    discount += line.discount;
    tax += line.tax;
    total += line.total;
  }
  Money applied = 0;
  for (const Applied& a : q.applied) {
    Money touched = 0;
    for (const TouchedLine& t : a.lines) touched += t.amount;
    CHECK(touched == a.amount);
    applied += a.amount;
  }
  Money tax_by_class = 0;
  for (const TaxTotal& t : q.taxes) tax_by_class += t.tax;
  CHECK(q.subtotal == subtotal);
  CHECK(q.discount == discount);
  CHECK(q.discount == applied);
  CHECK(q.tax == tax);
  CHECK(q.tax == tax_by_class);
  CHECK(q.total == total);
  CHECK(q.total >= 0);
  bool inclusive = q.total == q.subtotal - q.discount;
  bool exclusive = q.total == q.subtotal - q.discount + q.tax;
  CHECK((inclusive || exclusive));
}

// What a line costs, keyed by what identifies it regardless of position.
std::vector<std::tuple<std::string, std::int64_t, Money, Money, Money>> Amounts(const Quote& q) {
  std::vector<std::tuple<std::string, std::int64_t, Money, Money, Money>> out;
  for (const QuoteLine& l : q.lines) out.emplace_back(l.item->sku, l.qty, l.discount, l.tax, l.total);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("price properties: lines sum to totals, nothing negative, line order irrelevant", "[price]") {
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    INFO("seed " << seed);
    RandomShop shop(seed);
    PriceEngine engine = EngineFrom(shop.Catalog(), shop.Promotions());
    for (int c = 0; c < 10; ++c) {
      Value cart_json = Json(shop.Cart());
      Result<Cart> cart = ParseCart(cart_json);
      REQUIRE(cart.ok());
      Result<Quote> quote = engine.Price(*cart, kNoon);
      REQUIRE(quote.ok());
      CheckReconciles(*quote);
      Cart shuffled = *cart;
      std::shuffle(shuffled.lines.begin(), shuffled.lines.end(), shop.rng());
      Result<Quote> again = engine.Price(shuffled, kNoon);
      REQUIRE(again.ok());
      CheckReconciles(*again);
      CHECK(Amounts(*again) == Amounts(*quote));
      CHECK(again->total == quote->total);
      CHECK(again->tax == quote->tax);
      CHECK(again->applied.size() == quote->applied.size());
    }
  }
}
