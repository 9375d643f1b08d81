#include "gen/json_schema_export.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <random>
#include <regex>
#include <string>
#include <utility>

#include "common/json_writer.h"
#include "common/record_validator.h"

using evt::Value;

namespace {

// One kind with a field of every type, money beside an optional currency
// and inside an object that has a required one.
constexpr std::string_view kEveryType = R"json({
  "kind": "every.type", "v": 3, "summary": "every type", "description": "for the exporter's tests",
  "fields": {
    "name": {"type": "string", "required": true, "doc": "a string"},
    "count": {"type": "integer", "doc": "an integer"},
    "score": {"type": "number", "doc": "a number"},
    "ok": {"type": "boolean", "doc": "a boolean"},
    "at": {"type": "timestamp", "doc": "a timestamp"},
    "wait_ms": {"type": "duration_ms", "doc": "a duration"},
    "share": {"type": "ratio", "doc": "a ratio"},
    "currency": {"type": "currency", "doc": "an optional currency"},
    "price": {"type": "money", "doc": "money counting on the optional currency"},
    "state": {"type": "enum", "values": ["up", "down"], "doc": "an enum"},
    "labels": {"type": "map", "items": {"type": "string"}, "doc": "a map"},
    "lines": {"type": "array", "doc": "an array", "items": {"type": "object", "fields": {
      "currency": {"type": "currency", "required": true, "doc": "its own currency"},
      "amount": {"type": "money", "required": true, "doc": "money in it"}}}},
    "extra": {"type": "any", "doc": "anything"}
  },
  "example": {"kind": "every.type", "v": 3, "ts": "2026-11-23T08:00:00.000Z", "name": "x"}
})json";

evt::RecordSchemas EveryTypeSchemas() {
  evt::Result<evt::RecordSchemas> schemas = evt::RecordSchemas::Load({{"every.type.json", kEveryType}});
  REQUIRE(schemas.ok());
  return std::move(schemas).value();
}

const Value& At(const Value& schema, std::initializer_list<std::string_view> path) {
  const Value* at = &schema;
  for (std::string_view key : path) {
    INFO("at " << key);
    at = at->find(key);
    REQUIRE(at != nullptr);
  }
  return *at;
}

std::string Json(const Value& value) { return evt::ToJson(value).value(); }

}  // namespace

TEST_CASE("export --jsonschema: each evt type becomes the JSON Schema that holds a value to it", "[evt-schema export]") {
  evt::RecordSchemas schemas = EveryTypeSchemas();
  Value schema = evt::KindJsonSchema(*schemas.Find("every.type"));
  const Value& properties = At(schema, {"properties"});
  CHECK(Json(At(properties, {"count"})) == R"({"description":"an integer","type":"integer"})");
  CHECK(Json(At(properties, {"score"})) == R"({"description":"a number","type":"number"})");
  CHECK(Json(At(properties, {"ok"})) == R"({"description":"a boolean","type":"boolean"})");
  CHECK(Json(At(properties, {"wait_ms"})) == R"({"description":"a duration","type":"number","minimum":0})");
  CHECK(Json(At(properties, {"share"})) == R"({"description":"a ratio","type":"number","minimum":0,"maximum":1})");
  CHECK(Json(At(properties, {"currency"})) ==
        R"({"description":"an optional currency","type":"string","minLength":3,"maxLength":3,"pattern":"^[A-Z]{3}$"})");
  CHECK(Json(At(properties, {"price"})) == R"({"description":"money counting on the optional currency","type":"integer"})");
  CHECK(Json(At(properties, {"state"})) == R"({"description":"an enum","type":"string","enum":["up","down"]})");
  CHECK(Json(At(properties, {"labels"})) ==
        R"({"description":"a map","type":"object","additionalProperties":{"type":"string"}})");
  CHECK(Json(At(properties, {"extra"})) == R"({"description":"anything"})");
  CHECK(At(properties, {"at", "format"}) == Value("date-time"));
  CHECK(At(properties, {"at", "maxLength"}) == Value(24));
}

TEST_CASE("export --jsonschema: a record is exactly its declared fields, kind and version pinned", "[evt-schema export]") {
  evt::RecordSchemas schemas = EveryTypeSchemas();
  Value schema = evt::KindJsonSchema(*schemas.Find("every.type"));
  CHECK(At(schema, {"$schema"}) == Value("https://json-schema.org/draft/2020-12/schema"));
  CHECK(At(schema, {"title"}) == Value("every.type"));
  CHECK(At(schema, {"type"}) == Value("object"));
  CHECK(At(schema, {"additionalProperties"}) == Value(false));
  CHECK(Json(At(schema, {"required"})) == R"(["kind","v","ts","name"])");
  CHECK(At(schema, {"properties", "kind", "const"}) == Value("every.type"));
  CHECK(At(schema, {"properties", "v", "const"}) == Value(3));
  CHECK(At(schema, {"properties", "ts", "pattern"}) == At(schema, {"properties", "at", "pattern"}));
  CHECK(Json(At(schema, {"examples"})) == "[" + Json(schemas.Find("every.type")->example) + "]");
  // Objects inside a record refuse unknown fields too.
  const Value& line = At(schema, {"properties", "lines", "items"});
  CHECK(At(line, {"additionalProperties"}) == Value(false));
  CHECK(Json(At(line, {"required"})) == R"(["currency","amount"])");
}

TEST_CASE("export --jsonschema: money needs the optional currency it counts on, not one it has its own of",
          "[evt-schema export]") {
  evt::RecordSchemas schemas = EveryTypeSchemas();
  Value schema = evt::KindJsonSchema(*schemas.Find("every.type"));
  CHECK(Json(At(schema, {"dependentRequired"})) == R"({"price":["currency"]})");
  CHECK(At(schema, {"properties", "lines", "items"}).find("dependentRequired") == nullptr);
}

TEST_CASE("export --jsonschema: the document for any record hands each kind to its own schema", "[evt-schema export]") {
  const evt::RecordSchemas& schemas = evt::BuiltinRecordSchemas();
  Value bundle = evt::RecordsJsonSchema({schemas.Find("error"), schemas.Find("probe")});
  CHECK(Json(At(bundle, {"properties", "kind"})) == R"({"enum":["error","probe"]})");
  CHECK(Json(At(bundle, {"required"})) == R"(["kind","v","ts"])");
  CHECK(Json(At(bundle, {"allOf"})) ==
        R"([{"if":{"properties":{"kind":{"const":"error"}},"required":["kind"]},"then":{"$ref":"#/$defs/error"}},)"
        R"({"if":{"properties":{"kind":{"const":"probe"}},"required":["kind"]},"then":{"$ref":"#/$defs/probe"}}])");
  Value probe = evt::KindJsonSchema(*schemas.Find("probe"));
  probe.as_object().erase(probe.as_object().begin());  // "$schema" belongs to the document, not to a $def
  CHECK(Json(At(bundle, {"$defs", "probe"})) == Json(probe));
}

// The timestamp pattern must accept exactly what IsRecordTimestamp does, so
// strings are drawn around the edges it checks: month and day ranges, 29
// February in century years, leap seconds, and single-character damage.
TEST_CASE("export --jsonschema: the timestamp pattern agrees with evt's validator (random timestamps)",
          "[evt-schema export]") {
  const char* env = std::getenv("EVT_TEST_SEED");
  std::uint32_t seed = env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                                      : std::random_device{}();
  std::cout << "json_schema_export_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  auto pick = [&rng](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  auto two = [&pick](int below) {
    int n = pick(below);
    return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
  };
  const std::string years[] = {"0000", "0004", "1900", "2000", "2023", "2024", "2100", "2400", "9999"};
  const std::string damage = "0123456789-T:.Zz+ \n";
  Value schema = evt::KindJsonSchema(*evt::BuiltinRecordSchemas().Find("error"));
  const std::regex pattern(At(schema, {"properties", "ts", "pattern"}).as_string(), std::regex::ECMAScript);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string ts = years[pick(9)] + "-" + two(14) + "-" + two(33) + "T" + two(26) + ":" + two(62) + ":" + two(62) +
                     "." + two(100) + std::to_string(pick(10)) + "Z";
    if (pick(4) == 0) ts[static_cast<std::size_t>(pick(static_cast<int>(ts.size())))] = damage[pick(static_cast<int>(damage.size()))];
    bool evt_accepts = evt::IsRecordTimestamp(ts);
    INFO("seed " << seed << ", timestamp \"" << ts << "\"");
    REQUIRE(std::regex_search(ts, pattern) == evt_accepts);
    accepted += evt_accepts ? 1 : 0;
  }
  CHECK(accepted > 1000);  // both sides of the line were tried
}
