#include "tools/outbox/http_destination.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "common/json_parse.h"
#include "tests/unit/store_test_util.h"

namespace evt::outbox {
namespace {

DestinationSpec Spec(const std::string& json) {
  return DestinationSpec{"shop", "http", *ParseJson(json, "test"), "event.json: /outbox/destinations/shop"};
}

std::string Refusal(const std::string& json, const std::string& dir = "/nonexistent") {
  auto d = ParseHttpDestination(Spec(json), dir);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == ExitCode::kConfig);
  return d.status().message();
}

TEST_CASE("http_destination: reads every key of the contract's example") {
  store_test::TempDir dir;
  std::filesystem::create_directories(dir.path() + "/templates");
  std::ofstream(dir.path() + "/templates/shop-order.json") << "{\"order\": {{id}}, \"total\": {{total}}}\n";
  auto d = ParseHttpDestination(
      Spec(R"({"type": "http", "url": "https://shop.example/api/orders", "token": {"file": "shop.token"},
               "template": "templates/shop-order.json", "idempotency": true, "rate_per_s": 20, "timeout": "3s",
               "ramp": {"start": 0.1, "every": "10s", "max_error_ratio": 0.05},
               "retry": {"initial": "1s", "max": "5m"}, "when": {"active": ["uplink"], "max_shed_level": 1}})"),
      dir.path());
  REQUIRE(d.ok());
  CHECK(d->name == "shop");
  CHECK(d->url == "https://shop.example/api/orders");
  REQUIRE(d->token);
  CHECK(d->token->where == "event.json: /outbox/destinations/shop/token");
  CHECK(d->token->folder == dir.path());
  REQUIRE(d->body);
  CHECK(*d->body->Render(*ParseJson(R"({"id":"o-1","total":5})", "r")) == "{\"order\": \"o-1\", \"total\": 5}\n");
  CHECK(d->idempotency);
  CHECK(d->rate_per_s == 20);
  CHECK(d->timeout == Duration(3000));
  CHECK(d->ramp.start == Approx(0.1));
  CHECK(d->ramp.every == Duration(10000));
  CHECK(d->ramp.max_error_ratio == Approx(0.05));
  CHECK(d->retry.initial == Duration(1000));
  CHECK(d->retry.max == Duration(300000));
  CHECK(d->when.active == std::vector<std::string>{"uplink"});
  CHECK(d->when.max_shed_level == 1);
}

TEST_CASE("http_destination: defaults for what is not written") {
  auto d = ParseHttpDestination(Spec(R"({"type": "http", "url": "http://127.0.0.1:8081/orders"})"), "/");
  REQUIRE(d.ok());
  CHECK_FALSE(d->token);
  CHECK_FALSE(d->body);
  CHECK_FALSE(d->idempotency);
  CHECK(d->rate_per_s == 10);
  CHECK(d->when.empty());
  CHECK(d->retry.initial == Duration(1000));
}

TEST_CASE("http_destination: mistakes are refused naming the key") {
  CHECK(Refusal(R"({"type": "http", "url": "http://x", "rate_per_sec": 5})") ==
        "event.json: /outbox/destinations/shop/rate_per_sec: unknown key (known: type, url, token, template, "
        "idempotency, rate_per_s, timeout, ramp, retry, when)");
  CHECK_THAT(Refusal(R"({"type": "http"})"), Catch::Contains("/outbox/destinations/shop"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "ftp://x"})"),
             Catch::StartsWith("event.json: /outbox/destinations/shop/url: expected an http:// or https:// URL"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "token": "hunter2"})"),
             Catch::Contains("/outbox/destinations/shop/token: expected where the API token is"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "rate_per_s": 0})"), Catch::Contains("/rate_per_s:"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "ramp": {"start": 0}})"), Catch::Contains("/ramp/start:"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "ramp": {"start": 10}})"), Catch::Contains("/ramp/start:"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "ramp": {"every": "0s"}})"), Catch::Contains("/ramp/every:"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "retry": {"initial": "10s", "max": "1s"}})"),
             Catch::Contains("/retry/max: expected at least retry.initial (10s)"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "when": {"active": "uplink"}})"), Catch::Contains("/when/active:"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "when": {"max_shed_level": -1}})"),
             Catch::Contains("/when/max_shed_level:"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "when": {"paths": []}})"), Catch::Contains("/when/paths: unknown key"));
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "template": "missing.json"})"),
             Catch::Contains("event.json: /outbox/destinations/shop/template: /nonexistent/missing.json: cannot read the body template"));
}

TEST_CASE("http_destination: a broken template fails the config, naming its line") {
  store_test::TempDir dir;
  std::ofstream(dir.path() + "/t.json") << "{\n  \"id\": {{id}\n}\n";
  CHECK_THAT(Refusal(R"({"type": "http", "url": "http://x", "template": "t.json"})", dir.path()),
             Catch::Contains(dir.path() + "/t.json:2: \"{{\" is not closed"));
}

}  // namespace
}  // namespace evt::outbox
