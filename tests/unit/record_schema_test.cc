#include "common/record_schema.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/json_parse.h"
#include "common/record_schema_data.h"

using evt::EmbeddedSchema;
using evt::RecordSchemas;
using evt::Result;
using evt::Value;

namespace {

// A kind using every field type, so each check can be made to fail.
constexpr std::string_view kSampleSchema = R"json({
  "kind": "test.sample",
  "v": 2,
  "summary": "a record using every field type",
  "description": "Only for the tests.",
  "fields": {
    "name": {"type": "string", "required": true, "doc": "a name"},
    "count": {"type": "integer", "doc": "a count"},
    "mean": {"type": "number", "doc": "a mean"},
    "up": {"type": "boolean", "doc": "whether it is up"},
    "seen": {"type": "timestamp", "doc": "when it was seen"},
    "loss": {"type": "ratio", "doc": "the share of probes lost"},
    "state": {"type": "enum", "values": ["up", "down"], "doc": "the state"},
    "currency": {"type": "currency", "doc": "the currency of the amounts"},
    "total": {"type": "money", "doc": "the total"},
    "phases": {"type": "object", "doc": "the phases", "fields": {
      "connect_ms": {"type": "duration_ms", "required": true, "doc": "connecting"},
      "tls_ms": {"type": "duration_ms", "doc": "the TLS handshake"}
    }},
    "lines": {"type": "array", "doc": "the lines", "items": {"type": "object", "fields": {
      "sku": {"type": "string", "required": true, "doc": "the stock-keeping unit"},
      "price": {"type": "money", "doc": "the price"}
    }}},
    "labels": {"type": "map", "items": {"type": "string"}, "doc": "labels"},
    "samples_ms": {"type": "array", "items": {"type": "duration_ms"}, "doc": "the samples"},
    "extra": {"type": "any", "doc": "anything"}
  },
  "example": {"kind": "test.sample", "v": 2, "ts": "2026-11-23T08:00:00.000Z", "name": "gate-1"}
})json";

Value SampleRecord() {
  Result<Value> parsed = evt::ParseJson(R"json({
    "kind": "test.sample", "v": 2, "ts": "2026-11-23T08:00:00.123Z", "name": "gate-1",
    "count": 3, "mean": 1.5, "up": true, "seen": "2026-11-22T23:59:59.999Z", "loss": 0.25,
    "state": "up", "currency": "EUR", "total": -250,
    "phases": {"connect_ms": 12.5, "tls_ms": 0},
    "lines": [{"sku": "tee", "price": 2000}, {"sku": "cap"}],
    "labels": {"host": "kiosk-2", "a/b~c": "x"}, "samples_ms": [1, 2.5],
    "extra": {"anything": [null]}
  })json", "sample");
  REQUIRE(parsed.ok());
  return *parsed;
}

const RecordSchemas& SampleSchemas() {
  static const RecordSchemas schemas = [] {
    Result<RecordSchemas> loaded = RecordSchemas::Load({{"test.sample.json", kSampleSchema}});
    if (!loaded.ok()) FAIL(loaded.status().message());
    return std::move(loaded).value();
  }();
  return schemas;
}

// The message Validate gives for `record`, or "ok".
std::string Problem(const Value& record) {
  evt::Status status = SampleSchemas().Validate(record);
  if (!status.ok()) CHECK(status.code() == evt::ExitCode::kDataErr);
  return status.ToString();
}

Value With(const std::string& key, Value value) {
  Value record = SampleRecord();
  record.set(key, std::move(value));
  return record;
}

Value Without(const std::string& key) {
  Value record = SampleRecord();
  evt::Object& members = record.as_object();
  std::erase_if(members, [&](const evt::Member& m) { return m.first == key; });
  return record;
}

// The error `schema_text`, loaded as `file`, is refused with.
std::string LoadError(std::string_view file, std::string_view schema_text) {
  Result<RecordSchemas> loaded = RecordSchemas::Load({{file, schema_text}});
  REQUIRE_FALSE(loaded.ok());
  return loaded.status().message();
}

// kSampleSchema with `from` replaced by `to` (which must occur).
std::string SampleWith(std::string_view from, std::string_view to) {
  std::string text(kSampleSchema);
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("record schema: every shipped schema loads and its example validates", "[record_schema]") {
  Result<RecordSchemas> shipped = RecordSchemas::Load(evt::EmbeddedSchemas());
  INFO(shipped.status().message());
  REQUIRE(shipped.ok());
  REQUIRE_FALSE(shipped->kinds().empty());
  for (const evt::KindSchema& kind : shipped->kinds()) {
    INFO(kind.file);
    CHECK(shipped->Validate(kind.example).ok());
    CHECK(kind.example.find("kind")->as_string() == kind.kind);
  }
  CHECK(evt::BuiltinRecordSchemas().Find("error") != nullptr);
  CHECK(evt::BuiltinRecordSchemas().Find("nope") == nullptr);
}

TEST_CASE("record schema: the embedded schemas are the files in schemas/records", "[record_schema]") {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(EVT_SOURCE_DIR "/schemas/records"))
    if (entry.path().extension() == ".json") on_disk.insert(entry.path().filename().string());
  std::set<std::string> embedded;
  for (const EmbeddedSchema& schema : evt::EmbeddedSchemas()) embedded.insert(std::string(schema.file));
  CHECK(embedded == on_disk);
}

TEST_CASE("record schema: kinds are sorted and keep their declarations", "[record_schema]") {
  std::string_view error_schema;
  for (const EmbeddedSchema& schema : evt::EmbeddedSchemas())
    if (schema.file == "error.json") error_schema = schema.text;
  Result<RecordSchemas> loaded =
      RecordSchemas::Load({{"test.sample.json", kSampleSchema}, {"error.json", error_schema}});
  REQUIRE(loaded.ok());
  REQUIRE(loaded->kinds().size() == 2);
  CHECK(loaded->kinds()[0].kind == "error");
  const evt::KindSchema* sample = loaded->Find("test.sample");
  REQUIRE(sample != nullptr);
  CHECK(sample->version == 2);
  CHECK(sample->fields.front().name == "name");
  CHECK(sample->fields.front().spec.required);
  CHECK(evt::DescribeType(evt::FindField(sample->fields, "lines")->spec) == "array of object");
  REQUIRE(loaded->envelope().fields.size() == 3);
  CHECK(loaded->envelope().fields[2].name == "ts");
}

TEST_CASE("record schema: a record using every type validates", "[record_schema]") {
  CHECK(Problem(SampleRecord()) == "ok");
  CHECK(Problem(Without("count")) == "ok");  // optional fields may be left out
  CHECK(Problem(With("loss", 1)) == "ok");
  CHECK(Problem(With("loss", 0)) == "ok");
  CHECK(Problem(With("ts", "2026-12-31T23:59:60.000Z")) == "ok");  // a leap second
}

TEST_CASE("record schema: the envelope is checked first", "[record_schema]") {
  CHECK(Problem(Value::array()) == "expected a record (a JSON object), got an array");
  CHECK(Problem(Without("kind")) == "/kind: required field missing");
  CHECK(Problem(With("kind", 3)) == "/kind: expected a string, got 3");
  CHECK(Problem(With("kind", "nope")) == "/kind: unknown record kind \"nope\"");
  CHECK(Problem(Without("v")) == "/v: required field missing");
  CHECK(Problem(With("v", "2")) == "/v: expected an integer, got \"2\"");
  CHECK(Problem(With("v", 1)) == "/v: expected 2, the version of \"test.sample\" this tool knows, got 1");
  CHECK(Problem(Without("ts")) == "/ts: required field missing");
}

TEST_CASE("record schema: ts must be RFC 3339 UTC with milliseconds", "[record_schema]") {
  const std::string expected =
      "expected an RFC 3339 UTC timestamp with milliseconds, such as \"2026-11-23T08:00:00.000Z\", got ";
  CHECK(Problem(With("ts", "2026-11-23T08:00:00Z")) == "/ts: " + expected + "\"2026-11-23T08:00:00Z\"");
  CHECK(Problem(With("ts", "2026-11-23T09:00:00.000+01:00")) == "/ts: " + expected + "\"2026-11-23T09:00:00.000+01:00\"");
  CHECK(Problem(With("ts", "2026-13-23T08:00:00.000Z")) == "/ts: " + expected + "\"2026-13-23T08:00:00.000Z\"");
  CHECK(Problem(With("ts", "2026-11-23 08:00:00.000Z")) == "/ts: " + expected + "\"2026-11-23 08:00:00.000Z\"");
  CHECK(Problem(With("ts", 1700000000000)) == "/ts: " + expected + "1700000000000");
  CHECK(Problem(With("seen", "yesterday")) == "/seen: " + expected + "\"yesterday\"");
}

TEST_CASE("record schema: fields not declared, missing or given twice are refused", "[record_schema]") {
  CHECK(Problem(With("bogus", 1)) == "/bogus: unknown field; \"test.sample\" v2 declares no such field");
  CHECK(Problem(Without("name")) == "/name: required field missing");
  Value twice = SampleRecord();
  twice.as_object().emplace_back("count", 4);
  CHECK(Problem(twice) == "/count: field given twice");
}

TEST_CASE("record schema: scalars must have their type", "[record_schema]") {
  CHECK(Problem(With("name", 7)) == "/name: expected a string, got 7");
  CHECK(Problem(With("count", "3")) == "/count: expected an integer, got \"3\"");
  CHECK(Problem(With("count", 3.0)) == "/count: expected an integer, got 3.0");
  CHECK(Problem(With("mean", true)) == "/mean: expected a number, got true");
  CHECK(Problem(With("up", "yes")) == "/up: expected a boolean, got \"yes\"");
  CHECK(Problem(With("up", nullptr)) == "/up: expected a boolean, got null");
  CHECK(Problem(With("extra", nullptr)) == "ok");
}

TEST_CASE("record schema: units are held to their ranges", "[record_schema]") {
  CHECK(Problem(With("loss", 1.5)) == "/loss: expected a ratio (a number from 0 to 1), got 1.5");
  CHECK(Problem(With("loss", -0.1)) == "/loss: expected a ratio (a number from 0 to 1), got -0.1");
  CHECK(Problem(With("phases", Value::object({{"connect_ms", -3}}))) ==
        "/phases/connect_ms: expected a duration in ms (a number >= 0), got -3");
  CHECK(Problem(With("phases", Value::object({{"connect_ms", "12"}}))) ==
        "/phases/connect_ms: expected a duration in ms (a number >= 0), got \"12\"");
  CHECK(Problem(With("total", 2.5)) == "/total: expected an amount in minor units (an integer), got 2.5");
}

TEST_CASE("record schema: money needs a currency beside it or around it", "[record_schema]") {
  CHECK(Problem(Without("currency")) ==
        "/total: an amount of money needs a \"currency\" beside it or in an enclosing object");
  Value only_lines = Without("total");
  evt::Object& members = only_lines.as_object();
  std::erase_if(members, [](const evt::Member& m) { return m.first == "currency"; });
  CHECK(Problem(only_lines) ==
        "/lines/0/price: an amount of money needs a \"currency\" beside it or in an enclosing object");
  CHECK(Problem(With("currency", "eur")) == "/currency: expected an ISO 4217 currency code (3 capital letters), got \"eur\"");
  CHECK(Problem(With("currency", "EURO")) == "/currency: expected an ISO 4217 currency code (3 capital letters), got \"EURO\"");
}

TEST_CASE("record schema: enums allow only their values", "[record_schema]") {
  CHECK(Problem(With("state", "sideways")) == "/state: expected one of \"up\", \"down\", got \"sideways\"");
  CHECK(Problem(With("state", "UP")) == "/state: expected one of \"up\", \"down\", got \"UP\"");
}

TEST_CASE("record schema: nested objects, arrays and maps are checked inside", "[record_schema]") {
  CHECK(Problem(With("phases", Value::object({{"connect_ms", 1}, {"dns_ms", 2}}))) ==
        "/phases/dns_ms: unknown field; \"test.sample\" v2 declares no such field");
  CHECK(Problem(With("phases", Value::object({{"tls_ms", 1}}))) == "/phases/connect_ms: required field missing");
  CHECK(Problem(With("phases", 12)) == "/phases: expected an object, got 12");
  CHECK(Problem(With("lines", Value::array({Value::object({{"sku", "tee"}}), Value::object({{"sku", 7}})}))) ==
        "/lines/1/sku: expected a string, got 7");
  CHECK(Problem(With("lines", Value::array({Value::object()}))) == "/lines/0/sku: required field missing");
  CHECK(Problem(With("lines", Value::object())) == "/lines: expected an array, got an object");
  CHECK(Problem(With("samples_ms", Value::array({1, -1}))) ==
        "/samples_ms/1: expected a duration in ms (a number >= 0), got -1");
  CHECK(Problem(With("labels", Value::object({{"a/b~c", 1}}))) == "/labels/a~1b~0c: expected a string, got 1");
  CHECK(Problem(With("labels", Value::array())) == "/labels: expected an object, got an array");
}

TEST_CASE("record schema: long strings are cut in messages", "[record_schema]") {
  std::string message = Problem(With("count", std::string(100, 'x')));
  CHECK(message == "/count: expected an integer, got \"" + std::string(40, 'x') + "\"...");
  // A cut never splits a UTF-8 sequence: 39 x then a 2-byte e-acute.
  std::string message_utf8 = Problem(With("count", std::string(39, 'x') + "\xc3\xa9" + std::string(10, 'y')));
  CHECK(message_utf8 == "/count: expected an integer, got \"" + std::string(39, 'x') + "\"...");
}

TEST_CASE("record schema: a malformed schema is refused at load, naming its file", "[record_schema]") {
  CHECK(LoadError("test.sample.json", "{\"kind\": ") .rfind("test.sample.json:1: ", 0) == 0);
  CHECK(LoadError("test.sample.json", "[]") == "test.sample.json: expected a schema (a JSON object), got an array");
  CHECK(LoadError("test.sample.json", SampleWith("\"type\": \"integer\"", "\"type\": \"int\"")) ==
        "test.sample.json: /fields/count/type: unknown type \"int\"; expected one of string, integer, number, "
        "boolean, timestamp, duration_ms, ratio, money, currency, enum, object, map, array, any");
  CHECK(LoadError("test.sample.json", SampleWith(R"(,
  "example": {"kind": "test.sample", "v": 2, "ts": "2026-11-23T08:00:00.000Z", "name": "gate-1"})", "")) ==
        "test.sample.json: /example: missing; expected a complete record of this kind");
  CHECK(LoadError("test.sample.json", SampleWith("\"name\": \"gate-1\"}", "\"name\": 1}")) ==
        "test.sample.json: example does not validate: /name: expected a string, got 1");
  CHECK(LoadError("Test.json", SampleWith("\"kind\": \"test.sample\"", "\"kind\": \"Test\"")) ==
        "Test.json: /kind: expected lower_snake_case words joined by dots, got \"Test\"");
  CHECK(LoadError("test..json", SampleWith("\"kind\": \"test.sample\"", "\"kind\": \"test.\"")) ==
        "test..json: /kind: expected lower_snake_case words joined by dots, got \"test.\"");
  CHECK(LoadError("other.json", kSampleSchema) == "other.json: /kind: \"test.sample\" must be declared in test.sample.json");
  CHECK(LoadError("test.sample.json", SampleWith("\"doc\": \"a count\"", "\"requried\": true")) ==
        "test.sample.json: /fields/count/requried: unknown key; expected one of type, doc, required, values, fields, items");
  CHECK(LoadError("test.sample.json", SampleWith(", \"doc\": \"a count\"", "")) ==
        "test.sample.json: /fields/count/doc: missing; expected a non-empty string");
  CHECK(LoadError("test.sample.json", SampleWith("\"values\": [\"up\", \"down\"], ", "")) ==
        "test.sample.json: /fields/state: an enum needs \"values\"");
  CHECK(LoadError("test.sample.json", SampleWith("[\"up\", \"down\"]", "[\"up\", \"up\"]")) ==
        "test.sample.json: /fields/state/values: \"up\" listed twice");
  CHECK(LoadError("test.sample.json", SampleWith("\"type\": \"any\"", "\"type\": \"any\", \"items\": {\"type\": \"any\"}")) ==
        "test.sample.json: /fields/extra: \"items\" is only for an array or a map");
  CHECK(LoadError("test.sample.json", SampleWith("\"v\": 2,", "\"v\": 0,")) ==
        "test.sample.json: /v: expected the schema version, an integer from 1");
  CHECK(LoadError("test.sample.json", SampleWith("\"summary\": \"a record", "\"summry\": \"a record")) ==
        "test.sample.json: /summry: unknown key; expected one of kind, v, summary, description, fields, example");
}

TEST_CASE("record schema: schemas must keep the record conventions", "[record_schema]") {
  CHECK(LoadError("test.sample.json", SampleWith("\"currency\": {\"type\": \"currency\", \"doc\": \"the currency of the amounts\"},", "")) ==
        "test.sample.json: /fields/total: money needs a \"currency\" field beside it or in an enclosing object");
  CHECK(LoadError("test.sample.json", SampleWith("\"currency\": {\"type\": \"currency\"", "\"currency\": {\"type\": \"string\"")) ==
        "test.sample.json: /fields/currency: a field named currency has type currency, not string");
  CHECK(LoadError("test.sample.json", SampleWith("\"tls_ms\"", "\"tls\"")) ==
        "test.sample.json: /fields/phases/fields/tls: a duration_ms field's name ends in _ms");
  CHECK(LoadError("test.sample.json", SampleWith("\"mean\"", "\"mean_ms\"")) ==
        "test.sample.json: /fields/mean_ms: a field named *_ms holds a duration_ms (or an array of them), not number");
  CHECK(LoadError("test.sample.json", SampleWith("\"mean\"", "\"Mean\"")) ==
        "test.sample.json: /fields: field name \"Mean\" is not lower_snake_case");
  CHECK(LoadError("test.sample.json", SampleWith("\"mean\"", "\"ts\"")) ==
        "test.sample.json: /fields/ts: the envelope declares it; a kind cannot");
}

TEST_CASE("record schema: a kind declared twice is refused", "[record_schema]") {
  Result<RecordSchemas> loaded =
      RecordSchemas::Load({{"test.sample.json", kSampleSchema}, {"test.sample.json", kSampleSchema}});
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().message() == "test.sample.json: kind \"test.sample\" is already declared in test.sample.json");
}
