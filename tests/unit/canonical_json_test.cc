#include "common/canonical_json.h"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "common/json_parse.h"

namespace evt {
namespace {

std::string Canonical(std::string_view json) {
  Result<Value> v = ParseJson(json, "test");
  INFO(v.status().message());
  REQUIRE(v.ok());
  Result<std::string> out = CanonicalJson(*v);
  INFO(out.status().message());
  REQUIRE(out.ok());
  return *out;
}

// RFC 8785 Appendix B: IEEE 754 bit patterns and their ECMAScript text.
TEST_CASE("numbers print as ECMAScript does (RFC 8785 Appendix B)") {
  struct Case {
    std::uint64_t bits;
    const char* text;
  };
  const Case cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const Case& c : cases) {
    double d = std::bit_cast<double>(c.bits);
    INFO(c.text);
    CHECK(EcmaScriptNumber(d) == c.text);
  }
}

// RFC 8785 §3.2.2: whitespace, literals, numbers and string escapes.
TEST_CASE("the RFC 8785 sample canonicalizes as the RFC says") {
  std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  CHECK(Canonical(input) ==
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

// RFC 8785 §3.2.3: keys sort by UTF-16 code units, so the emoji (a
// surrogate pair, 0xD83D...) sorts before U+FB33, unlike by code point.
TEST_CASE("object keys sort by UTF-16 code units") {
  std::string input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  CHECK(Canonical(input) ==
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
        "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
        "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\",\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

TEST_CASE("nested objects sort at every level, arrays keep their order") {
  CHECK(Canonical(R"({"b":[{"z":1,"a":2},3],"a":{"y":null,"x":true}})") ==
        R"({"a":{"x":true,"y":null},"b":[{"a":2,"z":1},3]})");
}

TEST_CASE("an integer and the equal double are the same number") {
  CHECK(Canonical("[1, 1.0, 10.0e0, -0.0, 1e20, 18446744073709551615]") ==
        "[1,1,10,0,100000000000000000000,18446744073709552000]");
  CHECK(SameCanonicalJson(Value(1000), Value(1e3)));
  CHECK_FALSE(SameCanonicalJson(Value(1000), Value("1000")));
}

TEST_CASE("member order and spacing do not make content different") {
  Result<Value> a = ParseJson(R"({"order":"k1-7","at":"2026-12-05T18:00:00.000Z","promotions":["a","b"]})", "a");
  Result<Value> b = ParseJson(R"({ "promotions" : ["a","b"], "at":"2026-12-05T18:00:00.000Z", "order":"k1-7" })", "b");
  Result<Value> c = ParseJson(R"({"order":"k1-7","at":"2026-12-05T18:00:00.000Z","promotions":["b","a"]})", "c");
  REQUIRE((a.ok() && b.ok() && c.ok()));
  CHECK(SameCanonicalJson(*a, *b));
  CHECK_FALSE(SameCanonicalJson(*a, *c));
}

TEST_CASE("what JSON cannot hold has no canonical form") {
  CHECK(CanonicalJson(Value(std::string("\xff"))).status().code() == ExitCode::kDataErr);
  CHECK(CanonicalJson(Value::object({{std::string("\xc3"), 1}})).status().code() == ExitCode::kDataErr);
  CHECK(CanonicalJson(Value(std::numeric_limits<double>::quiet_NaN())).status().code() == ExitCode::kDataErr);
  CHECK_FALSE(SameCanonicalJson(Value(std::string("\xff")), Value(std::string("\xff"))));
}

}  // namespace
}  // namespace evt
