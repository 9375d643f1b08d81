#include <catch2/catch.hpp>

#include "tools/scrape/html_json.h"

namespace evt::scrape {
namespace {

constexpr std::string_view kNextPage = R"(<!DOCTYPE html><html><head>
<script>var x = "<script id=\"__NEXT_DATA__\">{\"fake\": 1}</script>";</script>
<!-- <script id="__NEXT_DATA__" type="application/json">{"commented": true}</script> -->
<script type="application/ld+json">{"@type": "Product", "offers": {"price": "19.90"}}</script>
</head><body><div id=root></div>
<script id=__NEXT_DATA__ type="application/json">{"props": {"pageProps": {"battery": 0.87, "status": "UP"}}}</script>
<script>window.__INITIAL_STATE__ = {"router": {"rsrp": -95, "note": "a } in a string"}};
  window.other = 1;</script>
<script>self.__CFG__=JSON.parse('{"signal":"\u0047OOD","bars":4,"q":"it\'s"}');</script>
</body></html>)";

TEST_CASE("scrape html json: __NEXT_DATA__ by id, past comments and strings that look like it") {
  Result<Value> v = ExtractHtmlJson(kNextPage, {"__NEXT_DATA__", "", ""}, "console");
  REQUIRE(v.ok());
  CHECK(v->find("props")->find("pageProps")->find("battery")->as_double() == 0.87);
}

TEST_CASE("scrape html json: a script picked by type") {
  Result<Value> v = ExtractHtmlJson(kNextPage, {"", "application/ld+json", ""}, "console");
  REQUIRE(v.ok());
  CHECK(v->find("offers")->find("price")->as_string() == "19.90");
}

TEST_CASE("scrape html json: a global assigned JSON or JSON.parse of a string literal") {
  Result<Value> state = ExtractHtmlJson(kNextPage, {"", "", "__INITIAL_STATE__"}, "console");
  REQUIRE(state.ok());
  CHECK(state->find("router")->find("rsrp")->as_int() == -95);
  CHECK(state->find("router")->find("note")->as_string() == "a } in a string");
  Result<Value> cfg = ExtractHtmlJson(kNextPage, {"", "", "__CFG__"}, "console");
  INFO((cfg.ok() ? std::string() : cfg.status().message()));
  REQUIRE(cfg.ok());
  CHECK(cfg->find("signal")->as_string() == "GOOD");
  CHECK(cfg->find("q")->as_string() == "it's");
}

TEST_CASE("scrape html json: a page without the blob, or with a JavaScript literal, is a clear error") {
  Result<Value> none = ExtractHtmlJson("<html><body><p>login</p><script>1</script></body></html>", {"__NEXT_DATA__", "", ""}, "console");
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == ExitCode::kDataErr);
  CHECK(none.status().message() == "console: the page has no <script id=\"__NEXT_DATA__\"> (1 script elements looked at)");
  Result<Value> js = ExtractHtmlJson("<script>window.S = {a: 'b'};</script>", {"", "", "S"}, "console");
  REQUIRE_FALSE(js.ok());
  CHECK_THAT(js.status().message(), Catch::Contains("a JavaScript literal that is not JSON"));
  Result<Value> bad = ExtractHtmlJson("<script id=d>{\"a\": </script>", {"d", "", ""}, "console");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::StartsWith("console: <script id=\"d\">"));
}

TEST_CASE("scrape html json: JavaScript string literals decode as JavaScript does") {
  CHECK(*DecodeJsString(R"('a\nb\x41\u00e9\u{1F600}\'')") == "a\nbA\xC3\xA9\xF0\x9F\x98\x80'");
  CHECK(*DecodeJsString(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
  CHECK_FALSE(DecodeJsString("'open").ok());
  CHECK_FALSE(DecodeJsString(R"('\x4')").ok());
}

}  // namespace
}  // namespace evt::scrape
