// --strategy best: the cheapest combination of exclusive and grouped
// alternatives, never worse than priority order, with a count of the
// combinations priced.
#include <catch2/catch.hpp>

#include "price_random_shop.h"
#include "price_test_util.h"
#include "common/json_writer.h"
#include "tools/price/best_deal.h"
#include "tools/price/quote_json.h"
#include "quote_record_oracle.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const char* kCatalog = R"({"currency":"EUR","items":[{"sku":"A","price":10000},{"sku":"B","price":5000}]})";

Quote Best(const PriceEngine& engine, const std::string& cart_json, std::size_t budget = kBestDealBudget) {
  Result<Cart> cart = ParseCart(Json(cart_json));
  REQUIRE(cart.ok());
  BestDealScratch scratch;
  Quote quote;
  Status priced = PriceBest(engine, *cart, kNoon, {}, budget, scratch, quote);
  INFO(priced.ToString());
  REQUIRE(priced.ok());
  REQUIRE(quote.search);
  return quote;
}

std::string IdOf(const PriceEngine& engine, std::size_t p) { return engine.promotions()[p].id; }

void CheckReconciles(const Quote& q) {
  Money discount = 0, total = 0, applied = 0;
  for (const QuoteLine& l : q.lines) {
    CHECK(l.net == l.gross - l.discount);
    discount += l.discount;
    total += l.total;
  }
  for (const Applied& a : q.applied) applied += a.amount;
  CHECK(discount == q.discount);
  CHECK(applied == q.discount);
  CHECK(total == q.total);
  CHECK(q.total >= 0);
}

}  // namespace

TEST_CASE("price best deal: leaving out an exclusive can be cheaper") {
  // Priority order: the exclusive 10% applies first and stops the rest: 90.00.
  // Without it, 20% then 10.00 off: 70.00.
  PriceEngine engine = EngineFromText(kCatalog, R"({"promotions":[
    {"id":"ex10","kind":"percent_off","percent":10,"exclusive":true,"priority":9},
    {"id":"p20","kind":"percent_off","percent":20,"priority":5},
    {"id":"off10","kind":"cart_amount_off","amount":1000,"priority":1}]})");
  const char* cart = R"({"id":"c","lines":[{"sku":"A","qty":1}]})";
  CHECK(PriceOk(engine, cart).total == 9000);
  Quote best = Best(engine, cart);
  CHECK(best.total == 7000);
  CHECK(best.search->exhaustive);
  CHECK(best.search->evaluated == 3);  // priority order, then skip none, skip the exclusive
  REQUIRE(best.rejected.size() == 1);
  CHECK(IdOf(engine, *best.rejected[0].promotion) == "ex10");
  CHECK(best.rejected[0].reason == RejectReason::kNotBestDeal);
  CheckReconciles(best);
}

TEST_CASE("price best deal: a group member that gives less now can leave a lower total") {
  // Group "g" at priority 5: 30.00 off beats 25% (25.00) on 100.00, but a
  // later 50% tier... here a later fixed cart amount needs min_subtotal 74.00:
  // 30.00 off leaves 70.00 (below, no extra), 25% leaves 75.00, then 20.00 off: 55.00.
  PriceEngine engine = EngineFromText(kCatalog, R"({"promotions":[
    {"id":"g30","kind":"cart_amount_off","amount":3000,"group":"g","priority":5},
    {"id":"g25","kind":"cart_percent_off","percent":25,"group":"g","priority":5},
    {"id":"big","kind":"cart_amount_off","amount":2000,"min_subtotal":7400,"priority":1}]})");
  const char* cart = R"({"id":"c","lines":[{"sku":"A","qty":1}]})";
  CHECK(PriceOk(engine, cart).total == 7000);
  Quote best = Best(engine, cart);
  CHECK(best.total == 5500);
  REQUIRE(best.applied.size() == 2);
  CHECK(IdOf(engine, best.applied[0].promotion) == "g25");
  CheckReconciles(best);
}

TEST_CASE("price best deal: over the budget it searches locally, still never worse, and counts") {
  // Eight exclusives and three groups of three: 9 * 27 = 243 combinations.
  std::string promotions = R"({"promotions":[)";
  for (int i = 0; i < 8; ++i) {
    promotions += R"({"id":"ex)" + std::to_string(i) + R"(","kind":"percent_off","percent":)" + std::to_string(5 + i) +
                  R"(,"exclusive":true,"priority":)" + std::to_string(50 - i) + "},";
  }
  for (int g = 0; g < 3; ++g) {
    for (int m = 0; m < 3; ++m) {
      promotions += R"({"id":"g)" + std::to_string(g) + std::to_string(m) + R"(","kind":"cart_amount_off","amount":)" +
                    std::to_string(100 * (m + 1)) + R"(,"group":"g)" + std::to_string(g) + R"(","priority":)" +
                    std::to_string(20 - g) + "},";
    }
  }
  promotions += R"({"id":"last","kind":"percent_off","percent":30,"priority":0}]})";
  PriceEngine engine = EngineFromText(kCatalog, promotions);
  const char* cart = R"({"id":"c","lines":[{"sku":"A","qty":1},{"sku":"B","qty":2}]})";
  Quote priority = PriceOk(engine, cart);
  Quote best = Best(engine, cart, 40);
  CHECK(!best.search->exhaustive);
  CHECK(best.search->evaluated <= 40);
  CHECK(best.total < priority.total);
  CheckReconciles(best);
  Quote all = Best(engine, cart, 1000);
  CHECK(all.search->exhaustive);
  CHECK(all.search->evaluated == 1 + 9 * 27);
  CHECK(all.total <= best.total);
}

TEST_CASE("price best deal: never worse than priority order, and reconciled (random shops)", "[price]") {
  std::size_t cheaper = 0;
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    INFO("seed " << seed);
    RandomShop shop(seed);
    PriceEngine engine = EngineFrom(shop.Catalog(), shop.Promotions());
    for (int c = 0; c < 10; ++c) {
      std::string cart = shop.Cart();
      Quote priority = PriceOk(engine, cart);
      Quote best = Best(engine, cart);
      CHECK(best.total <= priority.total);
      CHECK(best.search->evaluated >= 1);
      CHECK(best.search->evaluated <= kBestDealBudget);
      CheckReconciles(best);
      if (best.total < priority.total) ++cheaper;
    }
  }
  CHECK(cheaper > 0);  // the search does find something in these shops
}

TEST_CASE("price best deal: the fast quote writer writes search as the Value writer does") {
  PriceEngine engine = EngineFromText(kCatalog, R"({"promotions":[
    {"id":"ex10","kind":"percent_off","percent":10,"exclusive":true,"priority":9},
    {"id":"p20","kind":"percent_off","percent":20,"priority":5}]})");
  for (std::size_t budget : {std::size_t{1}, kBestDealBudget}) {
    Quote quote = Best(engine, R"({"id":"c","lines":[{"sku":"A","qty":1}]})", budget);
    QuoteJson fast(engine);
    Result<std::string_view> written = fast.Write(quote, kNoon);
    REQUIRE(written.ok());
    Result<std::string> reference = ToJson(MakeQuoteRecord(quote, engine, kNoon));
    REQUIRE(reference.ok());
    CHECK(std::string(*written) == *reference);
    CHECK(written->find(budget == 1 ? R"("search":{"strategy":"best","evaluated":1,"exhaustive":false})"
                                    : R"("search":{"strategy":"best","evaluated":3,"exhaustive":true})") !=
          std::string_view::npos);
  }
}
