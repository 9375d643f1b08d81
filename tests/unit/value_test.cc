#include "common/value.h"

#include <catch2/catch.hpp>
#include <cstdint>

#include "common/status.h"

using evt::Value;

TEST_CASE("value keeps object members in insertion order and replaces in place") {
  Value v = Value::object({{"kind", "probe"}, {"v", 1}});
  v.set("ts", "2026-11-23T08:00:00.000Z");
  v.set("kind", "flow");
  REQUIRE(v.as_object().size() == 3);
  CHECK(v.as_object()[0].first == "kind");
  CHECK(v.find("kind")->as_string() == "flow");
  CHECK(v.find("missing") == nullptr);
  CHECK(Value(3).find("x") == nullptr);
}

TEST_CASE("value keeps integers exact across the int64/uint64 boundary") {
  CHECK(Value(INT64_MAX).is_int());
  Value big(std::uint64_t{INT64_MAX} + 1);
  CHECK(big.type() == Value::Type::kUint);
  CHECK(Value(std::uint64_t{5}).is_int());
  CHECK(Value(std::uint64_t{5}) == Value(5));
  CHECK(Value(5) == Value(5.0));
  CHECK_FALSE(Value(INT64_MAX) == big);
  CHECK(Value(2).as_double() == 2.0);
}

TEST_CASE("value names types for error messages") {
  CHECK(Value("x").type_name() == "a string");
  CHECK(Value().type_name() == "null");
  CHECK(Value::array().type_name() == "an array");
}

TEST_CASE("status carries the exit code and grows a location prefix") {
  evt::Status ok;
  CHECK(ok.ok());
  CHECK(ok.Prefixed("x").ok());
  evt::Status bad = evt::Status::DataErr("\"qty\": expected a number, got \"two\"");
  evt::Status located = bad.Prefixed("carts.jsonl:17");
  CHECK(located.code() == evt::ExitCode::kDataErr);
  CHECK(located.message() == "carts.jsonl:17: \"qty\": expected a number, got \"two\"");
  evt::Status copy = located;
  CHECK(copy.message() == located.message());
  evt::Result<int> r = evt::Status::Config("nope");
  CHECK_FALSE(r.ok());
  CHECK(r.status().code() == evt::ExitCode::kConfig);
  evt::Result<int> good = 4;
  CHECK(*good == 4);
  CHECK(good.status().ok());
}
