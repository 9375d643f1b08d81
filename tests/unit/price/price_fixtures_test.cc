// The hand-checked quotes of fixtures/quotes.json: every cart priced and
// compared with the amounts worked out by hand in the file's comments.
#include <catch2/catch.hpp>

#include <map>

#include "common/record_schema.h"
#include "price_test_util.h"
#include "quote_record_oracle.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const Value& Fixtures() {
  static const Value fixtures = [] {
    Result<Value> v = ParseJsonFile(std::string(EVT_SOURCE_DIR) + "/tests/unit/price/fixtures/quotes.json");
    if (!v.ok()) FAIL(v.status().ToString());
    return *v;
  }();
  return fixtures;
}

std::map<std::string, Money> AppliedOf(const Quote& quote, const PriceEngine& engine) {
  std::map<std::string, Money> out;
  for (const Applied& a : quote.applied) out[engine.promotions()[a.promotion].id] = a.amount;
  return out;
}

std::map<std::string, std::string> RejectedOf(const Quote& quote, const PriceEngine& engine) {
  std::map<std::string, std::string> out;
  for (const Rejected& r : quote.rejected) {
    std::string key = r.promotion ? engine.promotions()[*r.promotion].id : "#" + r.code;
    out[key] = std::string(ReasonName(r.reason));
  }
  return out;
}

void CheckExpected(const Quote& quote, const PriceEngine& engine, const Value& expect) {
  if (const Value* total = expect.find("total")) CHECK(quote.total == total->as_int());
  if (const Value* discount = expect.find("discount")) CHECK(quote.discount == discount->as_int());
  if (const Value* tax = expect.find("tax")) CHECK(quote.tax == tax->as_int());
  if (const Value* nets = expect.find("nets")) {
    REQUIRE(nets->as_array().size() == quote.lines.size());
    for (std::size_t i = 0; i < quote.lines.size(); ++i) CHECK(quote.lines[i].net == nets->as_array()[i].as_int());
  }
  if (const Value* applied = expect.find("applied")) {
    std::map<std::string, Money> want;
    for (const Member& m : applied->as_object()) want[m.first] = m.second.as_int();
    CHECK(AppliedOf(quote, engine) == want);
  }
  if (const Value* rejected = expect.find("rejected")) {
    std::map<std::string, std::string> want;
    for (const Member& m : rejected->as_object()) want[m.first] = m.second.as_string();
    CHECK(RejectedOf(quote, engine) == want);
  }
  if (const Value* capped = expect.find("capped")) {
    for (const Value& id : capped->as_array()) {
      bool found = false;
      for (const Applied& a : quote.applied) found |= engine.promotions()[a.promotion].id == id.as_string() && a.capped;
      CHECK(found);
    }
  }
}

}  // namespace

TEST_CASE("price fixtures: at least 60 hand-checked carts price as worked out", "[price]") {
  std::size_t carts = 0;
  for (const Value& suite : Fixtures().find("suites")->as_array()) {
    INFO("suite: " << suite.find("name")->as_string());
    PriceEngine engine = EngineFrom(*suite.find("catalog"), *suite.find("promotions"));
    for (const Value& c : suite.find("carts")->as_array()) {
      INFO("cart: " << c.find("cart")->find("id")->as_string());
      Result<Cart> cart = ParseCart(*c.find("cart"));
      REQUIRE(cart.ok());
      Result<Quote> quote = engine.Price(*cart, kNoon);
      INFO(quote.status().ToString());
      REQUIRE(quote.ok());
      CheckExpected(*quote, engine, *c.find("expect"));
      Status valid = BuiltinRecordSchemas().Validate(MakeQuoteRecord(*quote, engine, kNoon));
      INFO(valid.ToString());
      CHECK(valid.ok());
      ++carts;
    }
  }
  CHECK(carts >= 60);
}
