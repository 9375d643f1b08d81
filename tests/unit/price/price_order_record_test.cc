// The `order` record (order_record.h): a real quote, as QuoteJson writes
// it, becomes an order that keeps its priced parts, adds the kiosk and the
// payment, drops what is not part of the sale, validates against
// schemas/records/order.json, and is the same content whenever the same
// quote is redeemed again.
#include <algorithm>

#include <catch2/catch.hpp>

#include "common/record_schema.h"
#include "price_test_util.h"
#include "tools/price/order_record.h"
#include "tools/price/quote_json.h"

using namespace evt;
using namespace evt::price;
using namespace evt::price::testing;

namespace {

const char* kCatalog = R"({"currency":"EUR","tax":{"mode":"inclusive","rates":{"standard":0.19}},
  "items":[{"sku":"TEE","name":"Tee","price":2000,"tax_class":"standard"},
           {"sku":"MUG","name":"Mug","price":1000,"tax_class":"standard"}]})";
const char* kPromotions = R"({"promotions":[
  {"id":"tee25","kind":"percent_off","percent":25,"target":{"skus":["TEE"]}},
  {"id":"staff","kind":"percent_off","percent":10,"target":{"skus":["MUG"]},"segments":["staff"]}]})";
const TimePoint kTs = kNoon + std::chrono::seconds(3);

Value QuoteOf(const std::string& cart) {
  PriceEngine engine = EngineFromText(kCatalog, kPromotions);
  QuoteJson writer(engine);
  Result<std::string_view> text = writer.Write(PriceOk(engine, cart), kNoon);
  REQUIRE(text.ok());
  return Json(std::string(*text));
}

const std::string kCart = R"({"id":"k1-0042","customer":"u-5","lines":[{"sku":"TEE","qty":2},{"sku":"MUG","qty":1}]})";

Value OrderOk(const Value& quote, TimePoint ts = kTs) {
  Result<Redemption> r = RedemptionOfQuote(quote, "kiosk-a");
  REQUIRE(r.ok());
  Result<Value> order = OrderRecord(quote, *r, ts);
  INFO(order.status().ToString());
  REQUIRE(order.ok());
  return *order;
}

std::string OrderError(const Value& quote) {
  Result<Redemption> r = RedemptionOfQuote(quote, "kiosk-a");
  REQUIRE(r.ok());
  Result<Value> order = OrderRecord(quote, *r, kTs);
  REQUIRE_FALSE(order.ok());
  CHECK(order.status().code() == ExitCode::kDataErr);
  return order.status().message();
}

}  // namespace

TEST_CASE("an order keeps its quote's priced parts under the order id", "[price][order]") {
  Value quote = QuoteOf(kCart);
  Value order = OrderOk(quote);
  CHECK(order.find("kind")->as_string() == "order");
  CHECK(order.find("id")->as_string() == "k1-0042");
  CHECK(order.find("kiosk")->as_string() == "kiosk-a");
  CHECK(order.find("customer")->as_string() == "u-5");
  CHECK(*order.find("at") == *quote.find("at"));
  for (const char* part : {"currency", "tax_mode", "lines", "subtotal", "discount", "tax", "total", "taxes", "applied"}) {
    INFO(part);
    REQUIRE(order.find(part) != nullptr);
    CHECK(*order.find(part) == *quote.find(part));
  }
  CHECK(order.find("total")->as_int() == 2 * 1500 + 1000);
  CHECK(order.find("rejected") == nullptr);  // the staff promotion did not apply: not part of the sale
  CHECK(order.find("cart") == nullptr);
  CHECK(*order.find("payment") == Json(R"({"state":"pending"})"));
  Status valid = BuiltinRecordSchemas().Validate(order);
  INFO(valid.ToString());
  CHECK(valid.ok());
}

TEST_CASE("an anonymous order has no customer", "[price][order]") {
  Value order = OrderOk(QuoteOf(R"({"id":"o-1","lines":[{"sku":"MUG","qty":1}]})"));
  CHECK(order.find("customer") == nullptr);
  CHECK(BuiltinRecordSchemas().Validate(order).ok());
}

TEST_CASE("the same quote redeemed again is the same order but for ts", "[price][order]") {
  Value quote = QuoteOf(kCart);
  Value first = OrderOk(quote, kTs);
  Value again = OrderOk(quote, kTs + std::chrono::minutes(5));
  CHECK(*first.find("ts") != *again.find("ts"));
  first.set("ts", "");
  again.set("ts", "");
  CHECK(first == again);
}

TEST_CASE("the payment the till added to the quote goes with the order", "[price][order]") {
  Value quote = QuoteOf(kCart);
  quote.set("payment", Json(R"({"state":"authorized","ref":"pos-7731"})"));
  Value order = OrderOk(quote);
  CHECK(*order.find("payment") == Json(R"({"state":"authorized","ref":"pos-7731"})"));
  CHECK(BuiltinRecordSchemas().Validate(order).ok());
}

TEST_CASE("a payment that is not one is refused, naming the field", "[price][order]") {
  Value quote = QuoteOf(kCart);
  quote.set("payment", Json(R"({"state":"refunded"})"));
  CHECK(OrderError(quote) == "quote \"k1-0042\": /payment/state: expected pending, authorized or paid");
  quote.set("payment", Json(R"({"ref":"pos-1"})"));
  CHECK(OrderError(quote) == "quote \"k1-0042\": /payment/state: expected pending, authorized or paid");
  quote.set("payment", Json(R"({"state":"paid","card":"4111"})"));
  CHECK(OrderError(quote) == "quote \"k1-0042\": /payment/card: unknown key (expected state, ref)");
  quote.set("payment", Json(R"({"state":"paid","ref":""})"));
  CHECK(OrderError(quote) == "quote \"k1-0042\": /payment/ref: expected a non-empty string");
  quote.set("payment", "paid");
  CHECK(OrderError(quote) == "quote \"k1-0042\": /payment: expected an object {\"state\", \"ref\"}");
}

TEST_CASE("a quote missing a priced part is no order", "[price][order]") {
  Value quote = QuoteOf(kCart);
  quote.as_object().erase(std::find_if(quote.as_object().begin(), quote.as_object().end(),
                                       [](const Member& m) { return m.first == "total"; }));
  CHECK(OrderError(quote) == "quote \"k1-0042\": /total: expected an integer (minor units)");
  quote = QuoteOf(kCart);
  quote.set("lines", "none");
  CHECK(OrderError(quote) == "quote \"k1-0042\": /lines: expected an array");
  quote = QuoteOf(kCart);
  quote.set("currency", "");
  CHECK(OrderError(quote) == "quote \"k1-0042\": /currency: expected a non-empty string");
}
