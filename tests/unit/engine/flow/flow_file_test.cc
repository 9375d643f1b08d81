#include <catch2/catch.hpp>

#include "common/json_parse.h"
#include "engine/flow/flow_file.h"
#include "engine/flow/flow_template.h"
#include "engine/flow/json_pointer.h"

namespace evt::probe {
namespace {

const char* FakeEnv(const char* name) { return std::string_view(name) == "SHOP_KEY" ? "sk-1" : nullptr; }

Result<Flow> Parse(std::string_view json) {
  Result<Value> v = ParseJson(json, "buy.json");
  REQUIRE(v.ok());
  return ParseFlow(*v, ConfigOrigin{"buy.json", "/tmp", FakeEnv});
}

std::string ErrorOf(std::string_view json) {
  Result<Flow> flow = Parse(json);
  REQUIRE_FALSE(flow.ok());
  CHECK(flow.status().code() == ExitCode::kConfig);
  return flow.status().message();
}

TEST_CASE("flow template: references, literal braces and {{") {
  Template t = Template::Parse(R"({"sku":"{sku}","n":{run}} {{x} { y} {9})");
  CHECK(t.References() == std::vector<std::string>{"sku", "run"});
  auto lookup = [](const std::string& name) { return name == "sku" ? std::string("TEE") : std::string("3"); };
  CHECK(t.Render(lookup) == R"({"sku":"TEE","n":3} {x} { y} {9})");
  CHECK(Template::Parse("{a-b_c}/{unclosed").References() == std::vector<std::string>{"a-b_c"});
  CHECK(Template::Parse("").Render(lookup).empty());
}

TEST_CASE("flow json pointer: RFC 6901 tokens, arrays and misses") {
  Result<Value> doc = ParseJson(R"({"a/b":{"~k":[10,{"id":"x"}]},"":1})", "t");
  REQUIRE(doc.ok());
  CHECK(ResolveJsonPointer(*doc, "") == &*doc);
  CHECK(ResolveJsonPointer(*doc, "/a~1b/~0k/1/id")->as_string() == "x");
  CHECK(ResolveJsonPointer(*doc, "/a~1b/~0k/0")->as_int() == 10);
  CHECK(ResolveJsonPointer(*doc, "/")->as_int() == 1);
  CHECK(ResolveJsonPointer(*doc, "/a~1b/~0k/01") == nullptr);
  CHECK(ResolveJsonPointer(*doc, "/a~1b/~0k/2") == nullptr);
  CHECK(ResolveJsonPointer(*doc, "/a~1b/~0k/-") == nullptr);
  CHECK(ResolveJsonPointer(*doc, "/nope") == nullptr);
  CHECK_FALSE(SplitJsonPointer("id"));
  CHECK_FALSE(SplitJsonPointer("/a~2"));
  CHECK_FALSE(SplitJsonPointer("/a~"));
}

TEST_CASE("flow file: a full flow reads into steps, expectations and captures") {
  Result<Flow> flow = Parse(R"json({
    "name": "buy", "timeout": "20s",
    "variables": {"base": "http://shop"},
    "secrets": {"key": {"env": "SHOP_KEY"}},
    "steps": [
      {"name": "cart", "method": "POST", "url": "{base}/cart", "headers": {"Authorization": "Bearer {key}"},
       "body": {"sku": "TEE"}, "timeout": "2s",
       "expect": {"status": "201", "body": "open", "headers": {"Content-Type": "json"},
                  "json": {"/state": {"equals": "open"}, "/total": {"gt": 0, "le": 100}}, "max_latency": "1s"},
       "capture": {"cart_id": {"json": "/id"}, "sess": {"header": "X-Session"}, "n": {"regex": "n=([0-9]+)"}}},
      {"name": "cancel", "method": "DELETE", "url": "{base}/cart/{cart_id}", "always": true}]})json");
  REQUIRE(flow.ok());
  CHECK(flow->name == "buy");
  CHECK(flow->timeout == Duration(20000));
  CHECK(flow->secrets.at("key").bytes() == "sk-1");
  REQUIRE(flow->steps.size() == 2);
  const FlowStep& cart = flow->steps[0];
  CHECK(cart.timeout == Duration(2000));
  REQUIRE(cart.body->is_json());
  CHECK(*cart.body->Render([](const std::string&) { return std::string(); }) == R"({"sku":"TEE"})");
  REQUIRE(cart.headers.size() == 2);  // Content-Type added for a JSON body
  CHECK(cart.headers[1].first.source() == "Content-Type");
  CHECK(cart.expect.status.front().low == 201);
  CHECK(cart.expect.headers.front().first == "content-type");
  CHECK(cart.json.size() == 3);
  CHECK(*cart.max_latency == Duration(1000));
  REQUIRE(cart.captures.size() == 3);
  CHECK(cart.captures[1].header == "x-session");
  CHECK(cart.captures[2].group == 1);
  CHECK(flow->steps[1].always);
}

TEST_CASE("flow file: the name defaults to the file's stem") {
  Result<Value> v = ParseJson(R"({"steps": [{"name": "a", "url": "http://x/"}]})", "t");
  REQUIRE(v.ok());
  Result<Flow> flow = ParseFlow(*v, ConfigOrigin{"/etc/evt/flows/checkout.json", "/etc/evt/flows"});
  REQUIRE(flow.ok());
  CHECK(flow->name == "checkout");
}

TEST_CASE("flow file: errors name the file, the pointer and what was expected") {
  CHECK(ErrorOf(R"({"steps": []})") == "buy.json: /steps: expected at least one step");
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/"}], "stepz": []})")
            .starts_with("buy.json: /stepz: unknown key"));
  CHECK(ErrorOf(R"({"name": "buy"})") == "buy.json: missing required key \"steps\"");
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "{x}/"}]})") ==
        "buy.json: /steps/0/url: {x}: no variable, secret or earlier step's capture has this name");
  // A step cannot use what it captures itself.
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/{id}", "capture": {"id": {"json": "/id"}}}]})")
            .starts_with("buy.json: /steps/0/url: {id}: "));
  CHECK(ErrorOf(R"({"variables": {"base": "x"}, "steps": [{"name": "a", "url": "http://x/",
                   "capture": {"base": {"json": "/id"}}}]})") ==
        "buy.json: /steps/0/capture/base: \"base\" is already a variable, secret or capture");
  CHECK(ErrorOf(R"({"variables": {"9x": "x"}, "steps": [{"name": "a", "url": "http://x/"}]})")
            .starts_with("buy.json: /variables/9x: expected a name"));
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/", "body": {"k": ["{nope}"]}}]})") ==
        "buy.json: /steps/0/body: {nope}: no variable, secret or earlier step's capture has this name");
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/", "capture": {"id": {"json": "/id", "url_encode": 1}}}]})")
            .starts_with("buy.json: /steps/0/capture/id/url_encode: expected"));
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/", "body": 3}]})") ==
        "buy.json: /steps/0/body: expected a string, an object or an array, got an integer");
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/", "expect": {"json": {"/a": {"lt": "3"}}}}]})")
            .starts_with("buy.json: /steps/0/expect/json/~1a/lt: expected a number"));
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/", "expect": {"json": {"a": {"exists": true}}}}]})")
            .starts_with("buy.json: /steps/0/expect/json/a: expected a JSON pointer"));
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/", "timeout": "0s"}]})") ==
        "buy.json: /steps/0/timeout: must be more than 0s");
  CHECK(ErrorOf(R"({"steps": [{"name": "a", "url": "http://x/", "method": "GE T"}]})")
            .starts_with("buy.json: /steps/0/method: expected an HTTP method"));
  CHECK(ErrorOf(R"({"secrets": {"k": {"env": "NOPE"}}, "steps": [{"name": "a", "url": "http://x/"}]})")
            .find("NOPE") != std::string::npos);
}

}  // namespace
}  // namespace evt::probe
