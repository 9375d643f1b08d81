#include <catch2/catch.hpp>

#include <map>

#include "engine/flow/flow_body.h"
#include "engine/flow/flow_url.h"

namespace evt::probe {
namespace {

// {base} and {key} are the flow's; {order} and {id} were captured.
UrlValue Lookup(const std::string& name, const std::string& order) {
  if (name == "base") return {"http://127.0.0.1:8080"};
  if (name == "order") return {order, true, true};
  return {"c/1?x=#", true};
}

RenderedUrl Render(const std::string& url, const std::string& order = "/orders/o-77") {
  return RenderFlowUrl(Template::Parse(url), [&](const std::string& n) { return Lookup(n, order); });
}

const std::set<std::string> kNamed{"http://127.0.0.1:8080"};

TEST_CASE("flow url: a captured value is encoded for the part it lands in") {
  CHECK(Render("{base}/cart/{id}/pay").url == "http://127.0.0.1:8080/cart/c%2F1%3Fx=%23/pay");
  CHECK(Render("{base}/cart?id={id}&n=1").url == "http://127.0.0.1:8080/cart?id=c/1?x%3D%23&n=1");
  CHECK(Render("{base}/cart#{id}").url == "http://127.0.0.1:8080/cart#c/1?x%3D%23");
  CHECK(EncodedForUrl("..", "http://h/a/") == "%2E%2E");
  CHECK(EncodedForUrl("a b\xC3\xA9", "http://h/") == "a%20b%C3%A9");
  // Before the path a value goes in as it is; the origin check judges it.
  CHECK(EncodedForUrl("/orders/1", "http://h") == "/orders/1");
}

TEST_CASE("flow url: a captured value cannot move the request to another origin") {
  RenderedUrl hostile = Render("{base}{order}", "@127.0.0.2:8080/orders/o-77");
  CHECK(hostile.url == "http://127.0.0.1:8080@127.0.0.2:8080/orders/o-77");
  CHECK(CheckCapturedOrigin(hostile, false, kNamed) ==
        "url: the captured {order} moves the request from http://127.0.0.1:8080 to "
        "http://127.0.0.1:8080@127.0.0.2:8080; a captured value cannot change the scheme, host or port the flow "
        "file gives");
  CHECK_FALSE(CheckCapturedOrigin(Render("{base}{order}", ".evil.example/x"), false, kNamed).empty());
  CHECK_FALSE(CheckCapturedOrigin(Render("{base}{order}", "0/x"), false, kNamed).empty());  // port 80800
  CHECK(CheckCapturedOrigin(Render("{base}{order}"), true, kNamed).empty());
  CHECK(CheckCapturedOrigin(Render("{base}/cart/{id}"), true, kNamed).empty());
  CHECK(CheckCapturedOrigin(Render("{base}/cart"), true, {}).empty());  // nothing captured
}

TEST_CASE("flow url: a whole captured URL carries secrets only to an origin the flow names") {
  RenderedUrl same = Render("{order}", "HTTP://127.0.0.1:8080/orders/1");
  RenderedUrl other = Render("{order}", "https://pay.example/orders/1");
  CHECK(CheckCapturedOrigin(same, true, kNamed).empty());
  CHECK(CheckCapturedOrigin(other, true, kNamed) ==
        "url: the captured {order} would send this step's secrets to https://pay.example:443, an origin no URL of "
        "the flow file names");
  CHECK(CheckCapturedOrigin(other, false, kNamed).empty());
  CHECK(CheckCapturedOrigin(Render("{order}", "not a url"), false, kNamed).starts_with("url: with the captured"));
}

TEST_CASE("flow url: origins as libcurl parses them, the port explicit") {
  CHECK(UrlOrigin("http://Shop.Example/x") == "http://shop.example:80");
  CHECK(UrlOrigin("https://u:p@shop.example:8443") == "https://u:p@shop.example:8443");
  CHECK(UrlOrigin("shop.example/x") == "http://shop.example:80");
  CHECK_FALSE(UrlOrigin("http://"));
  CHECK_FALSE(UrlOrigin(""));
}

TEST_CASE("flow body: a captured value stays one JSON string") {
  Value tree = Value::object({{"cart", "{cart_id}"}, {"qty", 1}, {"tags", Value::array({"{{x}", "n{run}"})}});
  FlowBody body = FlowBody::Json(tree);
  CHECK(body.References() == std::vector<std::string>{"cart_id", "run"});
  std::map<std::string, std::string> values{{"cart_id", R"(c1","qty":1000,"price":0,"x":")"}, {"run", "3"}};
  Result<std::string> json = body.Render([&](const std::string& n) { return values.at(n); });
  REQUIRE(json.ok());
  CHECK(*json == R"({"cart":"c1\",\"qty\":1000,\"price\":0,\"x\":\"","qty":1,"tags":["{x}","n3"]})");
  values["cart_id"] = "\xff";
  CHECK(body.Render([&](const std::string& n) { return values.at(n); }).status().code() == ExitCode::kDataErr);
  FlowBody text = FlowBody::Text(Template::Parse("id={cart_id}"));
  CHECK_FALSE(text.is_json());
  CHECK(*text.Render([](const std::string&) { return std::string("a\"b"); }) == "id=a\"b");
}

}  // namespace
}  // namespace evt::probe
