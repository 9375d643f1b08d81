#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "engine/flow/flow_file.h"
#include "engine/flow/flow_step_checks.h"

namespace evt::probe {
namespace {

FlowStep StepFrom(std::string_view step_json) {
  std::string doc = R"({"variables": {"sku": "TEE"}, "steps": [)" + std::string(step_json) + "]}";
  Result<Value> v = ParseJson(doc, "t.json");
  REQUIRE(v.ok());
  Result<Flow> flow = ParseFlow(*v, ConfigOrigin{"t.json", "/tmp"});
  if (!flow.ok()) FAIL(flow.status().message());
  return flow->steps.front();
}

ProbeResult Response(std::string body, double total_ms = 10) {
  ProbeResult r;
  r.ok = true;
  r.status = 200;
  r.total_ms = total_ms;
  r.body = std::move(body);
  r.headers = {{"location", "/orders/o-77"}};
  return r;
}

std::string Lookup(const std::string& name) { return name == "sku" ? "TEE" : ""; }

TEST_CASE("flow step checks: captures from a JSON pointer, a header and a regex group") {
  FlowStep step = StepFrom(R"json({"name": "cart", "url": "http://x/", "capture": {
      "id": {"json": "/cart/id"}, "qty": {"json": "/cart/qty"}, "order": {"header": "Location"},
      "n": {"regex": "\"n\":\"([a-z]+)-([0-9]+)\"", "group": 2}}})json");
  std::map<std::string, std::string> captured;
  CHECK(CheckStepResponse(step, Response(R"({"cart":{"id":"c-1","qty":2},"n":"ab-42"})"), Lookup, captured) == "");
  CHECK(captured == std::map<std::string, std::string>{{"id", "c-1"}, {"qty", "2"}, {"order", "/orders/o-77"},
                                                       {"n", "42"}});
}

TEST_CASE("flow step checks: a missing capture names the variable and the pointer, and captures nothing") {
  FlowStep step = StepFrom(R"({"name": "cart", "url": "http://x/", "capture": {
      "id": {"json": "/id"}, "other": {"json": "/cart/id"}}})");
  std::map<std::string, std::string> captured;
  CHECK(CheckStepResponse(step, Response(R"({"id":"c-1"})"), Lookup, captured) ==
        "capture other: nothing at /cart/id in the response body");
  CHECK(captured.empty());
  CHECK(CheckStepResponse(step, Response("not json"), Lookup, captured).starts_with("the response body is not JSON: "));
  FlowStep header = StepFrom(R"({"name": "h", "url": "http://x/", "capture": {"t": {"header": "X-Token"}}})");
  CHECK(CheckStepResponse(header, Response(""), Lookup, captured) == "capture t: no header x-token in the response");
  FlowStep object = StepFrom(R"({"name": "o", "url": "http://x/", "capture": {"c": {"json": "/cart"}}})");
  CHECK(CheckStepResponse(object, Response(R"({"cart":{}})"), Lookup, captured) ==
        "capture c: the value at /cart is an object, expected a string, number or boolean");
}

TEST_CASE("flow step checks: JSON comparisons and the latency bound") {
  FlowStep step = StepFrom(R"({"name": "pay", "url": "http://x/", "expect": {"max_latency": "100ms", "json": {
      "/sku": {"equals": "{sku}"}, "/paid": {"equals": true}, "/total": {"ge": 2500, "lt": 3000},
      "/order": {"matches": "^o-[0-9]+$", "not_equals": "o-0"}, "/error": {"exists": false}}}})");
  std::map<std::string, std::string> captured;
  std::string good = R"({"sku":"TEE","paid":true,"total":2500.0,"order":"o-77"})";
  CHECK(CheckStepResponse(step, Response(good), Lookup, captured) == "");
  CHECK(CheckStepResponse(step, Response(good, 150.5), Lookup, captured) ==
        "took 150.5 ms, more than max_latency 100 ms");
  CHECK(CheckStepResponse(step, Response(R"({"sku":"MUG","paid":true,"total":2500,"order":"o-7"})"), Lookup,
                          captured) == R"(json /sku: expected "TEE", got "MUG")");
  CHECK(CheckStepResponse(step, Response(R"({"sku":"TEE","paid":true,"total":3000,"order":"o-7"})"), Lookup,
                          captured) == "json /total: expected lt 3000, got 3000");
  CHECK(CheckStepResponse(step, Response(R"({"sku":"TEE","paid":true,"order":"o-7"})"), Lookup, captured) ==
        "json /total: nothing there, expected lt 3000");
  CHECK(CheckStepResponse(step, Response(R"({"sku":"TEE","paid":true,"total":2500,"order":"x"})"), Lookup,
                          captured) == R"(json /order: "x" does not match /^o-[0-9]+$/)");
  CHECK(CheckStepResponse(step, Response(R"({"sku":"TEE","paid":true,"total":2500,"order":"o-1","error":1})"),
                          Lookup, captured) == "json /error: expected nothing, found 1");
}

}  // namespace
}  // namespace evt::probe
