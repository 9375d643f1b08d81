// Property tests over random catalogs, promotions and carts: whatever the
// input, the amounts reconcile to the cent, never go negative, and do not
// depend on the order of the cart's lines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "price_random_shop.h"
#include "price_test_util.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

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

// Past 32 lines the canonical order comes from a comparison sort, not the
// count of smaller keys: both must give the same answers for any order.
TEST_CASE("price properties: a long cart's line order is irrelevant too", "[price]") {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    INFO("seed " << seed);
    RandomShop shop(seed);
    PriceEngine engine = EngineFrom(shop.Catalog(), shop.Promotions());
    Result<Cart> cart = ParseCart(Json(shop.Cart()));
    REQUIRE(cart.ok());
    std::vector<CartLine> first = cart->lines;
    for (std::int64_t more = 1; cart->lines.size() < 33 + seed % 20; ++more) {
      for (CartLine line : first) {
        line.qty += more;
        cart->lines.push_back(line);
      }
    }
    Result<Quote> quote = engine.Price(*cart, kNoon);
    REQUIRE(quote.ok());
    CheckReconciles(*quote);
    for (int round = 0; round < 3; ++round) {
      Cart shuffled = *cart;
      std::shuffle(shuffled.lines.begin(), shuffled.lines.end(), shop.rng());
      Result<Quote> again = engine.Price(shuffled, kNoon);
      REQUIRE(again.ok());
      CHECK(Amounts(*again) == Amounts(*quote));
      CHECK(again->total == quote->total);
      CHECK(again->applied.size() == quote->applied.size());
    }
  }
}
