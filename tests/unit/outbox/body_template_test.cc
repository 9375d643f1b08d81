#include "tools/outbox/body_template.h"

#include <catch2/catch.hpp>

#include "common/json_parse.h"

namespace evt::outbox {
namespace {

Value Order() {
  return *ParseJson(R"({"kind":"order","v":1,"id":"o-17","kiosk":"kiosk-a","customer":{"ref":"c \"9\"\n"},)"
                    R"("totals":{"total":1250,"currency":"EUR"},"lines":[{"sku":"tee","qty":2}],"paid":true,"note":null})",
                    "order");
}

TEST_CASE("body_template: fills values outside quotes as JSON and inside quotes as escaped text") {
  auto t = BodyTemplate::Parse(
      "{\"order_id\": {{id}}, \"amount\": {{totals.total}}, \"ref\": \"cust-{{customer.ref}}\",\n"
      " \"first\": {{lines.0}}, \"label\": \"{{totals.total}} {{totals.currency}}\", \"paid\": {{paid}}, \"note\": {{note}}}\n",
      "shop-order.json");
  REQUIRE(t.ok());
  auto body = t->Render(Order());
  REQUIRE(body.ok());
  CHECK(*body ==
        "{\"order_id\": \"o-17\", \"amount\": 1250, \"ref\": \"cust-c \\\"9\\\"\\n\",\n"
        " \"first\": {\"sku\":\"tee\",\"qty\":2}, \"label\": \"1250 EUR\", \"paid\": true, \"note\": null}\n");
  auto parsed = ParseJson(*body, "body");
  REQUIRE(parsed.ok());
  CHECK(parsed->find("ref")->as_string() == "cust-c \"9\"\n");
}

TEST_CASE("body_template: {{.}} is the whole record") {
  auto t = BodyTemplate::Parse("{\"order\": {{ . }}}", "t.json");
  REQUIRE(t.ok());
  auto body = t->Render(*ParseJson(R"({"id":"x","n":1})", "r"));
  REQUIRE(body.ok());
  CHECK(*body == R"({"order": {"id":"x","n":1}})");
}

TEST_CASE("body_template: a field the record lacks names the template's file and line") {
  auto t = BodyTemplate::Parse("{\n  \"id\": {{id}},\n  \"ref\": {{customer.reference}}\n}", "templates/shop-order.json");
  REQUIRE(t.ok());
  auto body = t->Render(Order());
  REQUIRE_FALSE(body.ok());
  CHECK(body.status().code() == ExitCode::kDataErr);
  CHECK(body.status().message() ==
        "templates/shop-order.json:3: {{customer.reference}}: the record has no field customer.reference");
  auto past_end = BodyTemplate::Parse("{\"x\": {{lines.1.sku}}}", "t.json")->Render(Order());
  CHECK_FALSE(past_end.ok());
  auto into_number = BodyTemplate::Parse("{\"x\": {{totals.total.cents}}}", "t.json")->Render(Order());
  CHECK_FALSE(into_number.ok());
}

TEST_CASE("body_template: null inside quotes is refused rather than sent as text") {
  auto body = BodyTemplate::Parse("{\"x\": \"{{note}}\"}", "t.json")->Render(Order());
  REQUIRE_FALSE(body.ok());
  CHECK_THAT(body.status().message(), Catch::Contains("t.json:1: {{note}}: is null"));
}

TEST_CASE("body_template: a broken template is refused when it is loaded, naming file and line") {
  auto unclosed = BodyTemplate::Parse("{\n\"id\": {{id\n}", "t.json");
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.status().code() == ExitCode::kConfig);
  CHECK_THAT(unclosed.status().message(), Catch::StartsWith("t.json:2: \"{{\" is not closed"));
  auto bad_path = BodyTemplate::Parse("{\"id\": {{id..x}}}", "t.json");
  REQUIRE_FALSE(bad_path.ok());
  CHECK_THAT(bad_path.status().message(), Catch::StartsWith("t.json:1: \"id..x\": expected a field path"));
  auto not_json = BodyTemplate::Parse("{\"id\": {{id}},\n}", "t.json");
  REQUIRE_FALSE(not_json.ok());
  CHECK(not_json.status().code() == ExitCode::kConfig);
  CHECK_THAT(not_json.status().message(), Catch::Contains("t.json"));
  auto missing = BodyTemplate::Load("/nonexistent/evt-template.json");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::StartsWith("/nonexistent/evt-template.json: cannot read"));
}

}  // namespace
}  // namespace evt::outbox
