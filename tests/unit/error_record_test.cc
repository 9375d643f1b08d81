#include "common/error_record.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "common/json_writer.h"
#include "common/record_schema.h"

using evt::ExitCode;
using evt::MakeErrorRecord;
using evt::Status;
using evt::Value;

namespace {

evt::TimePoint SomeTime() {
  evt::Result<evt::TimePoint> t = evt::ParseRfc3339("2026-11-23T08:00:00.042Z");
  REQUIRE(t.ok());
  return *t;
}

std::string Json(const Value& record) {
  evt::Result<std::string> json = evt::ToJson(record);
  REQUIRE(json.ok());
  return *json;
}

}  // namespace

TEST_CASE("error record: a bad input line becomes a record naming it", "[error_record]") {
  Status status = Status::DataErr("\"qty\": expected a number, got \"two\"").Prefixed("carts.jsonl:17");
  Value record = MakeErrorRecord("evt-price", status, SomeTime(), "carts.jsonl", 17);
  CHECK(Json(record) ==
        R"({"kind":"error","v":1,"ts":"2026-11-23T08:00:00.042Z","tool":"evt-price","code":65,)"
        R"("code_name":"data_err","message":"carts.jsonl:17: \"qty\": expected a number, got \"two\"",)"
        R"("source":"carts.jsonl","line":17})");
  evt::Status valid = evt::BuiltinRecordSchemas().Validate(record);
  INFO(valid.message());
  CHECK(valid.ok());
}

TEST_CASE("error record: source and line are left out when not given", "[error_record]") {
  Value record = MakeErrorRecord("evt-probe", Status::Unavailable("shop.example: connection refused"), SomeTime());
  CHECK(record.find("source") == nullptr);
  CHECK(record.find("line") == nullptr);
  CHECK(record.find("code")->as_int() == 69);
  CHECK(record.find("code_name")->as_string() == "unavailable");
  CHECK(evt::BuiltinRecordSchemas().Validate(record).ok());

  Value line_only = MakeErrorRecord("evt-probe", Status::Config("bad"), SomeTime(), std::nullopt, 3);
  CHECK(line_only.find("line") == nullptr);

  Value stdin_source = MakeErrorRecord("evt-token", Status::DataErr("x"), SomeTime(), "-");
  CHECK(stdin_source.find("source")->as_string() == "-");
  CHECK(evt::BuiltinRecordSchemas().Validate(stdin_source).ok());
}

TEST_CASE("error record: every failing exit code has a name the schema allows", "[error_record]") {
  std::set<std::string> names;
  for (const evt::ExitCodeInfo& info : evt::kExitCodes) {
    names.insert(std::string(evt::ExitCodeName(info.code)));
    if (info.code == ExitCode::kOk) continue;
    Value record = MakeErrorRecord("evt-budget", Status::WithCode(info.code, "it failed"), SomeTime());
    evt::Status valid = evt::BuiltinRecordSchemas().Validate(record);
    INFO(evt::ToInt(info.code) << ": " << valid.message());
    CHECK(valid.ok());
    CHECK(record.find("code")->as_int() == evt::ToInt(info.code));
  }
  CHECK(names.size() == std::size(evt::kExitCodes));  // no two codes share a name
  CHECK(evt::ExitCodeName(ExitCode::kDataErr) == "data_err");
}

TEST_CASE("error record: a tampered error record fails validation", "[error_record]") {
  Value record = MakeErrorRecord("evt-price", Status::DataErr("bad"), SomeTime(), "carts.jsonl", 2);
  record.set("code_name", "oops");
  CHECK(evt::BuiltinRecordSchemas().Validate(record).message().rfind("/code_name: expected one of", 0) == 0);
  record = MakeErrorRecord("evt-price", Status::DataErr("bad"), SomeTime());
  record.set("line", "2");
  CHECK(evt::BuiltinRecordSchemas().Validate(record).message() == "/line: expected an integer, got \"2\"");
}
