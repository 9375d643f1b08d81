// Promotions of kind lua: a condition and an amount over the cart, in a
// sandbox with instruction, pattern-step and memory limits; a rule that
// fails is rejected as rule_failed and the cart is still priced, a rule past
// a limit makes the cart an error naming the rule and the limit.
#include <chrono>

#include <catch2/catch.hpp>

#include "price_test_util.h"
#include "tools/price/best_deal.h"
#include "tools/price/lua_rules.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const char* kCatalog = R"({"currency":"EUR","items":[
  {"sku":"TEE","price":2000,"tags":["apparel"]},{"sku":"CAP","price":1000,"tags":["apparel"]},{"sku":"MUG","price":800}]})";
const char* kCart = R"({"id":"c1","customer":"u1","codes":["X"],"lines":[{"sku":"TEE","qty":2},{"sku":"MUG","qty":1},{"sku":"CAP","qty":1}]})";

std::string Promotions(const std::string& lua_fields) {
  return R"({"promotions":[
    {"id":"rule","kind":"lua","target":{"tags":["apparel"]},)" + lua_fields + R"(},
    {"id":"mug","kind":"amount_off","amount":100,"target":{"skus":["MUG"]},"priority":-1}]})";
}

Quote PriceWithRule(const std::string& lua_fields) {
  return PriceOk(EngineFromText(kCatalog, Promotions(lua_fields)), kCart);
}

// The rule's fate in `quote`: "applied", or its reject reason.
std::string RuleResult(const Quote& quote) {
  if (!quote.applied.empty() && quote.applied[0].promotion == 0) return "applied";
  for (const Rejected& r : quote.rejected) {
    if (r.promotion == 0u) return std::string(ReasonName(r.reason));
  }
  return "absent";
}

// The rule failed and the cart is still priced: the mug's 1.00 off applies.
void CheckFailedButPriced(const std::string& lua_fields) {
  INFO(lua_fields);
  Quote quote = PriceWithRule(lua_fields);
  CHECK(RuleResult(quote) == "rule_failed");
  CHECK(quote.total == 2 * 2000 + 1000 + 800 - 100);
}

// The rule went past a limit: the cart is a data error naming the cart,
// the rule, its chunk and the limit (`limit`, e.g. "condition: more than
// 200000 instructions"), in both strategies.
void CheckCartError(const PriceEngine& engine, const std::string& limit) {
  std::string expected = "cart \"c1\": promotion \"rule\": its rule went past its limit: " + limit;
  Result<Cart> cart = ParseCart(Json(kCart));
  REQUIRE(cart.ok());
  Result<Quote> quote = engine.Price(*cart, kNoon);
  REQUIRE(!quote.ok());
  CHECK(quote.status().code() == ExitCode::kDataErr);
  CHECK(quote.status().message() == expected);
  BestDealScratch scratch;
  Quote best;
  Status priced = PriceBest(engine, *cart, kNoon, {}, kBestDealBudget, scratch, best);
  CHECK(priced.code() == ExitCode::kDataErr);
  CHECK(priced.message() == expected);
}

void CheckCartError(const std::string& lua_fields, const std::string& limit) {
  INFO(lua_fields);
  CheckCartError(EngineFromText(kCatalog, Promotions(lua_fields)), limit);
}

}  // namespace

TEST_CASE("price lua: a rule's amount is spread over its target lines") {
  // The apparel lines: 2 tees (40.00) and a cap (10.00); 10% of 50.00 is 5.00,
  // spread 4.00 and 1.00.
  Quote quote = PriceWithRule(R"lua("condition":"return #cart.lines >= 2 and cart.customer == 'u1'",
                                  "amount":"return cart.subtotal // 10")lua");
  REQUIRE(RuleResult(quote) == "applied");
  CHECK(quote.applied[0].amount == 500);
  CHECK(quote.lines[0].discount == 400);
  CHECK(quote.lines[2].discount == 100);
  CHECK(quote.total == 5000 - 500 + 800 - 100);
}

TEST_CASE("price lua: the cart a rule sees, in sku order") {
  std::string amount =
      "local l = cart.lines "
      "assert(cart.id == 'c1' and cart.codes[1] == 'X' and #cart.segments == 0 and cart.qty == 3) "
      "assert(l[1].sku == 'CAP' and l[2].sku == 'TEE' and l[2].qty == 2 and l[2].unit_price == 2000) "
      "assert(l[2].amount == 4000 and l[1].tags[1] == 'apparel') "
      "return 7";
  Quote quote = PriceWithRule("\"amount\":\"" + amount + "\"");
  CHECK(RuleResult(quote) == "applied");
  CHECK(quote.applied[0].amount == 7);
}

TEST_CASE("price lua: a false condition is rule_not_met") {
  Quote quote = PriceWithRule(R"lua("condition":"return cart.subtotal > 100000","amount":"return 1")lua");
  CHECK(RuleResult(quote) == "rule_not_met");
  CHECK(quote.total == 5800 - 100);
}

TEST_CASE("price lua: a rule that errors or returns no amount fails, and the cart is still priced") {
  CheckFailedButPriced(R"lua("amount":"error('no')")lua");
  CheckFailedButPriced(R"lua("amount":"return cart.nothing.here")lua");
  CheckFailedButPriced(R"lua("condition":"error({})","amount":"return 1")lua");
  CheckFailedButPriced(R"lua("amount":"return 1.5")lua");
  CheckFailedButPriced(R"lua("amount":"return '100'")lua");
  CheckFailedButPriced(R"lua("amount":"return -1")lua");
  CheckFailedButPriced(R"lua("amount":"return nil")lua");
}

TEST_CASE("price lua: the instruction limit stops an endless rule and makes its cart an error") {
  const std::string limit = "more than 200000 instructions";
  CheckCartError(R"lua("amount":"while true do end")lua", "amount: " + limit);
  CheckCartError(R"lua("condition":"local n = 0 repeat n = n + 1 until false","amount":"return 1")lua",
                 "condition: " + limit);
  // Catching the limit does not help: there is no pcall, and past the limit
  // every instruction raises again.
  CheckCartError(R"lua("amount":"for i = 1, math.maxinteger do local ok = select(1, i) end return 1")lua",
                 "amount: " + limit);
}

TEST_CASE("price lua: the memory limit stops a rule that allocates without end and makes its cart an error") {
  const std::string limit = "amount: more than 2048 KiB of memory";
  CheckCartError(R"lua("amount":"return #string.rep('x', 64 * 1024 * 1024)")lua", limit);
  CheckCartError(R"lua("amount":"local t = {} for i = 1, 1e9 do t[i] = string.rep('y', 1000) .. i end return 1")lua",
                 limit);
  // The limit holds per state, not per leak: the next carts still price.
  PriceEngine engine = EngineFromText(kCatalog, Promotions(R"lua("amount":"local s = string.rep('z', 256 * 1024) return #s // 1024")lua"));
  for (int i = 0; i < 50; ++i) {
    Quote quote = PriceOk(engine, kCart);
    REQUIRE(RuleResult(quote) == "applied");
    CHECK(quote.applied[0].amount == 256);
  }
}

TEST_CASE("price lua: the sandbox has no io, os, require, load, bytecode or randomness") {
  Quote quote = PriceWithRule(R"lua("amount":"assert(io == nil and os == nil and require == nil and package == nil) assert(load == nil and loadstring == nil and dofile == nil and loadfile == nil and print == nil) assert(pcall == nil and xpcall == nil and debug == nil and collectgarbage == nil and setmetatable == nil) assert(string.dump == nil and math.random == nil and math.randomseed == nil and getmetatable == nil) return 3")lua");
  CHECK(RuleResult(quote) == "applied");
  CheckFailedButPriced(R"lua("amount":"os.exit(1)")lua");
  CheckFailedButPriced(R"lua("amount":"io.open('/etc/passwd')")lua");
  // Globals are read-only, so a rule keeps nothing from cart to cart.
  CheckFailedButPriced(R"lua("amount":"seen = true return 1")lua");
}

TEST_CASE("price lua: bytecode and syntax errors are refused when the promotions are read") {
  for (const char* source : {"\u001bLua\u0054\u0000", "return +", "retur 1"}) {
    INFO(source);
    Value promotions = Json(R"({"promotions":[{"id":"r","kind":"lua","amount":"x"}]})");
    promotions.as_object()[0].second.as_array()[0].set("amount", source);
    Result<std::vector<Promotion>> p = ParsePromotions(promotions, "promotions.json", "UTC");
    REQUIRE(!p.ok());
    CHECK(p.status().message().find("promotions.json: /promotions/0/amount: does not compile: ") == 0);
  }
  Result<std::vector<Promotion>> missing =
      ParsePromotions(Json(R"({"promotions":[{"id":"r","kind":"lua"}]})"), "promotions.json", "UTC");
  REQUIRE(!missing.ok());
  CHECK(missing.status().message() ==
        "promotions.json: /promotions/0/amount: missing (required): a Lua chunk returning the amount");
}

TEST_CASE("price lua: each limit says which it was") {
  auto error_of = [](const std::string& amount) {
    Value promotions = Json(R"({"promotions":[{"id":"r","kind":"lua","amount":"return 1"}]})");
    promotions.as_object()[0].second.as_array()[0].set("amount", amount);
    Result<std::vector<Promotion>> p = ParsePromotions(promotions, "promotions.json", "UTC");
    REQUIRE(p.ok());
    std::unique_ptr<LuaRules> rules = LuaRules::Create(*p);
    REQUIRE(rules);
    std::string id = "c", customer;
    std::vector<std::string> none;
    LuaCart cart{&id, &customer, &none, &none, {}};
    RuleOutcome outcome = rules->Evaluate(0, cart);
    // The state survives: a plain rule on the same state would still run.
    return std::pair{outcome.result, outcome.error};
  };
  using R = RuleOutcome::Result;
  CHECK(error_of("while true do end") == std::pair{R::kOverLimit, std::string("amount: more than 200000 instructions")});
  CHECK(error_of("return #string.rep('x', 64 * 1024 * 1024)") ==
        std::pair{R::kOverLimit, std::string("amount: more than 2048 KiB of memory")});
  CHECK(error_of("return ('a'):rep(500):find('.-.-.-b')") ==
        std::pair{R::kOverLimit, std::string("amount: more than 2000000 pattern-matching steps")});
  CHECK(error_of("error('custom')") == std::pair{R::kFailed, std::string("r: amount:1: custom")});
  // A rule's own error cannot pass for a limit: the sandbox knows which
  // limit it enforced.
  CHECK(error_of("error('more than 2000000 pattern-matching steps', 0)") ==
        std::pair{R::kFailed, std::string("more than 2000000 pattern-matching steps")});
  CHECK(error_of("x = 1").second.find("globals are read-only") != std::string::npos);
  CHECK(error_of("return 2.5") ==
        std::pair{R::kFailed, std::string("amount: expected an integer amount in minor units >= 0, got 2.500000")});
}

TEST_CASE("price lua: a backtracking pattern makes its cart an error within the step budget, not the stream") {
  // Lua's own string.find runs for minutes on this; no instruction hook
  // fires inside it.
  for (const char* call : {"string.find(string.rep('a', 500), '.-.-.-b')", "('a'):rep(500):match('.-.-.-b')",
                           "string.gsub(string.rep('a', 500), '.-.-.-b', '')",
                           "string.gmatch(string.rep('a', 500), '.-.-.-b')()"}) {
    CheckCartError(std::string(R"("condition":"local x = )") + call + R"( return true","amount":"return 1")",
                   "condition: more than 2000000 pattern-matching steps");
  }
  // A pattern within the budget still works.
  Quote quote = PriceWithRule(R"lua("amount":"return tonumber(('sku-42'):match('%d+'))")lua");
  REQUIRE(RuleResult(quote) == "applied");
  CHECK(quote.applied[0].amount == 42);
}

TEST_CASE("price lua: the carts after a cart past a limit price as before") {
  // Only carts with customer "slow" send the rule past the step budget.
  PriceEngine engine = EngineFromText(
      kCatalog, Promotions(R"lua("condition":"return cart.customer ~= 'slow' or ('a'):rep(500):find('.-.-.-b') ~= nil",
                                 "amount":"return 300")lua"));
  for (int i = 0; i < 3; ++i) {
    Result<Cart> slow = ParseCart(Json(R"({"id":"c1","customer":"slow","lines":[{"sku":"TEE","qty":1}]})"));
    REQUIRE(slow.ok());
    Result<Quote> failed = engine.Price(*slow, kNoon);
    REQUIRE(!failed.ok());
    CHECK(failed.status().message().find("promotion \"rule\": its rule went past its limit") != std::string::npos);
    Quote quote = PriceOk(engine, kCart);
    REQUIRE(RuleResult(quote) == "applied");
    CHECK(quote.applied[0].amount == 300);
  }
  // Past a limit is the cart's error, not one of the rule's failures.
  CHECK(engine.RuleFailureReport().empty());
}
