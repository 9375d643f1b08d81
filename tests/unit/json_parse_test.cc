#include "common/json_parse.h"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

namespace evt {
namespace {

// The message of a parse that must fail, or "parsed" when it did not.
std::string ErrorOf(std::string_view text, std::string_view source = "t.json") {
  Result<Value> value = ParseJson(text, source);
  if (value.ok()) return "parsed";
  CHECK(value.status().code() == ExitCode::kDataErr);
  return value.status().message();
}

Value Parsed(std::string_view text) {
  Result<Value> value = ParseJson(text, "t.json");
  INFO(value.status().message());
  REQUIRE(value.ok());
  return *value;
}

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("json parse: values of every type, keys in document order", "[json_parse]") {
  Value v = Parsed(R"({"kind":"probe","v":1,"ok":true,"none":null,"ms":12.5,"tags":["a",-3],"at":{"x":0}})");
  Value expected = Value::object({{"kind", "probe"},
                                  {"v", 1},
                                  {"ok", true},
                                  {"none", nullptr},
                                  {"ms", 12.5},
                                  {"tags", Value::array({"a", -3})},
                                  {"at", Value::object({{"x", 0}})}});
  CHECK(v == expected);
  REQUIRE(v.as_object().size() == 7);
  CHECK(v.as_object()[0].first == "kind");
  CHECK(v.as_object()[6].first == "at");
  CHECK(v.find("v")->is_int());
  CHECK(v.find("ms")->type() == Value::Type::kDouble);
}

TEST_CASE("json parse: escapes in strings and keys are unescaped", "[json_parse]") {
  Value v = Parsed(R"({"a\u0062\n":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/"})");
  REQUIRE(v.as_object().size() == 1);
  CHECK(v.as_object()[0].first == "ab\n");
  CHECK(v.as_object()[0].second.as_string() == "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ /");
}

TEST_CASE("json parse: integers keep 64-bit precision, doubles stay doubles", "[json_parse]") {
  Value v = Parsed(R"([9223372036854775807,-9223372036854775808,18446744073709551615,-0,1.0,5e-324])");
  const Array& a = v.as_array();
  CHECK(a[0].as_int() == std::numeric_limits<std::int64_t>::max());
  CHECK(a[1].as_int() == std::numeric_limits<std::int64_t>::min());
  CHECK(a[2].type() == Value::Type::kUint);
  CHECK(a[2].as_uint() == std::numeric_limits<std::uint64_t>::max());
  CHECK(a[3].as_int() == 0);
  CHECK(a[4].type() == Value::Type::kDouble);
  CHECK(a[5].as_double() == 5e-324);
}

TEST_CASE("json parse: decimals with many digits keep their value", "[json_parse]") {
  // simdjson 3.0.1's get_number() returns 0 for these (simdjson issue #2099).
  CHECK(Parsed("[999999999999999999.0]").as_array()[0].as_double() == 1e18);
  CHECK(Parsed("8888888888888890000.0").as_double() == 8888888888888890000.0);
  CHECK(Parsed("1000000000.000000001").as_double() == 1e9);
  CHECK(Parsed("-123456789012345678901234567890.5e-3").as_double() == -123456789012345678901234567.8905);
}

TEST_CASE("json parse: scalar documents", "[json_parse]") {
  CHECK(Parsed("42") == Value(42));
  CHECK(Parsed(" \"s\" ") == Value("s"));
  CHECK(Parsed("true") == Value(true));
  CHECK(Parsed("null").is_null());
  CHECK(Parsed("[]") == Value::array());
  CHECK(Parsed("{}") == Value::object());
}

TEST_CASE("json parse: duplicate keys are refused, wherever they are", "[json_parse]") {
  CHECK(ErrorOf(R"({"a":1,"a":2})") == R"(t.json:1: duplicate key "a" in object)");
  CHECK(ErrorOf(R"({"a":{"b":[{"x":1},{"x":1,"x":2}]}})") ==
        R"(t.json:1: duplicate key "x" in object at /a/b/1)");
  CHECK(ErrorOf(R"({"a":1,"\u0061":2})") == R"(t.json:1: duplicate key "a" in object)");
  CHECK(ErrorOf("{\n\"a/b\":{\n\"k\":1,\n\"k\":2}}") == R"(t.json:4: duplicate key "k" in object at /a~1b)");
}

TEST_CASE("json parse: duplicate keys are found in large objects too", "[json_parse]") {
  std::string many = "{";
  for (int i = 0; i < 100; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  std::string distinct = many + "\"last\":0}";
  CHECK(Parsed(distinct).as_object().size() == 101);
  CHECK(ErrorOf(many + "\"k3\":0}") == R"(t.json:1: duplicate key "k3" in object)");
}

TEST_CASE("json parse: errors name the line and say what was wrong", "[json_parse]") {
  CHECK(ErrorOf("{\n  \"a\": 1,\n  \"b\": tru\n}", "cfg.json") ==
        "cfg.json:3: invalid literal (expected true, false or null) at /b");
  CHECK(ErrorOf("{\"a\":1") == "t.json:1: unexpected end of input: an object or array is not closed");
  CHECK(ErrorOf("{\n\"a\":[1,\n2") == "t.json:3: unexpected end of input: an object or array is not closed");
  CHECK(ErrorOf("{\n\"a\":\"abc}") == "t.json:2: unterminated string");
  CHECK(ErrorOf("{\"a\":1} x") == "t.json:1: unexpected content after the JSON value");
  CHECK(ErrorOf("1 2") == "t.json:1: unexpected content after the JSON value");
  CHECK(ErrorOf("{\"a\":1,}") ==
        "t.json:1: malformed JSON: a missing or extra comma, colon, quote, brace or bracket");
  CHECK(ErrorOf("{\"a\" 1}").find("t.json:1: malformed JSON") == 0);
  CHECK(ErrorOf("[1,\n2,\nx]") ==
        "t.json:3: malformed JSON: a missing or extra comma, colon, quote, brace or bracket at /2");
  CHECK(ErrorOf("") == "t.json:1: expected a JSON value, got nothing");
  CHECK(ErrorOf(" \n ") == "t.json:2: expected a JSON value, got nothing");
}

TEST_CASE("json parse: bad strings", "[json_parse]") {
  CHECK(ErrorOf("{\"a\":\n\"x\ty\"}") == "t.json:2: control character in string (it must be escaped)");
  CHECK(ErrorOf(R"({"a":"\x"})") == "t.json:1: invalid escape in string at /a");
  CHECK(ErrorOf(R"({"a":"\ud800"})") == "t.json:1: invalid escape in string at /a");
}

TEST_CASE("json parse: invalid UTF-8 is refused, never passed through", "[json_parse]") {
  CHECK(ErrorOf("{\"a\":\n\"\xc3\x28\"}") == "t.json:2: invalid UTF-8");
  CHECK(ErrorOf("{\"a\":\"\xc0\xaf\"}") == "t.json:1: invalid UTF-8");          // overlong "/"
  CHECK(ErrorOf("{\"a\":\"\xed\xa0\x80\"}") == "t.json:1: invalid UTF-8");      // a surrogate
  CHECK(ErrorOf("{\"\xff\":1}") == "t.json:1: invalid UTF-8");                   // in a key
  CHECK(ErrorOf("{\"a\":\"\xf4\x90\x80\x80\"}") == "t.json:1: invalid UTF-8");  // above U+10FFFF
}

TEST_CASE("json parse: numbers out of range or malformed", "[json_parse]") {
  CHECK(ErrorOf(R"({"n":18446744073709551616})") == "t.json:1: number out of range at /n");
  CHECK(ErrorOf(R"({"n":-9223372036854775809})") == "t.json:1: number out of range at /n");
  CHECK(ErrorOf(R"([1e400])") == "t.json:1: number out of range at /0");
  CHECK(ErrorOf("123456789012345678901234567890") == "t.json:1: number out of range");
  // simdjson 3.0.1 read this root scalar as 1e19 (found by fuzz_canonical_json).
  CHECK(ErrorOf("100000000000000000000") == "t.json:1: number out of range");
  CHECK(ErrorOf("100000000000000000000 ") == "t.json:1: number out of range");
  CHECK(ErrorOf("-100000000000000000000") == "t.json:1: number out of range");
  CHECK(ErrorOf("10000000000000000000 ") == "parsed");
  CHECK(ErrorOf(R"({"n":01})") == "t.json:1: invalid number at /n");
  CHECK(ErrorOf(R"({"n":1.})") == "t.json:1: invalid number at /n");
  CHECK(ErrorOf(R"({"n":-})") == "t.json:1: invalid number at /n");
}

TEST_CASE("json parse: nesting is limited so hostile input cannot blow the stack", "[json_parse]") {
  CHECK(Parsed(Nested(kMaxJsonDepth)).is_array());
  CHECK(ErrorOf(Nested(kMaxJsonDepth + 1)) == "t.json:1: nesting deeper than 256 levels at " +
                                                   [] {
                                                     std::string p;
                                                     for (int i = 0; i < kMaxJsonDepth; ++i) p += "/0";
                                                     return p;
                                                   }());
  CHECK(ErrorOf(std::string(100000, '[')).find("t.json:1: ") == 0);
  CHECK(ErrorOf(Nested(100000)).find("t.json:1: nesting") == 0);
}

TEST_CASE("json parse: files", "[json_parse]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("evt-json-parse-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string good = (dir / "good.json").string(), bad = (dir / "bad.json").string();
  std::ofstream(good) << "{\"site\": {\"name\": \"gate\"}}\n";
  std::ofstream(bad) << "{\n\"site\": nope\n}\n";

  Result<Value> value = ParseJsonFile(good);
  REQUIRE(value.ok());
  CHECK(value->find("site")->find("name")->as_string() == "gate");

  Result<Value> broken = ParseJsonFile(bad);
  CHECK(broken.status().code() == ExitCode::kDataErr);
  CHECK(broken.status().message().find(bad + ":2: ") == 0);

  Result<Value> missing = ParseJsonFile((dir / "missing.json").string());
  CHECK(missing.status().code() == ExitCode::kNoInput);
  CHECK(missing.status().message() == (dir / "missing.json").string() + ": cannot open: no such file or directory");

  Result<Value> directory = ParseJsonFile(dir.string());
  CHECK(directory.status().code() == ExitCode::kNoInput);
  CHECK(directory.status().message() == dir.string() + ": is a directory, expected a JSON file");
  fs::remove_all(dir);
}

}  // namespace evt
