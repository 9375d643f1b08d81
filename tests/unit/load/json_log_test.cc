#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "tools/load/json_log.h"

namespace evt::load {
namespace {

// 2026-12-06T10:00:00Z in epoch seconds.
constexpr std::int64_t kTen = 1796551200;

LoggedRequest Mapped(const std::string& line, JsonLogFields fields = {}) {
  JsonLogParser parser(std::move(fields));
  Result<LoggedRequest> r = parser.ParseMapped(line, "access.json", 4);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::string MappedError(const std::string& line, JsonLogFields fields = {}) {
  JsonLogParser parser(std::move(fields));
  Result<LoggedRequest> r = parser.ParseMapped(line, "access.json", 4);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == ExitCode::kDataErr);
  return r.status().message();
}

TEST_CASE("json log: nginx's $msec with $request_time, strings or numbers") {
  LoggedRequest r = Mapped(R"({"msec":"1796551200.123","request_method":"GET","request_uri":"/a?b=1",)"
                           R"("request_time":"0.023","status":"200","remote_addr":"::1"})");
  CHECK(r.request.method == "GET");
  CHECK(r.request.target == "/a?b=1");
  CHECK(r.request.status == 200L);
  CHECK(r.request.line == 4);
  CHECK(r.logged_us == kTen * 1'000'000 + 123'000);
  CHECK(r.request_time_us == 23'000);
  CHECK_FALSE(r.whole_second);

  LoggedRequest numbers = Mapped(R"({"msec":1796551200.5,"request_method":"HEAD","request_uri":"/",)"
                                 R"("request_time":0.25,"status":304})");
  CHECK(numbers.logged_us == kTen * 1'000'000 + 500'000);
  CHECK(numbers.request_time_us == 250'000);
  CHECK(numbers.request.status == 304L);
}

TEST_CASE("json log: a field mapping, RFC 3339 times with whole seconds, absent optional fields") {
  JsonLogFields fields;
  fields.time = "time_iso8601";
  fields.method = "m";
  fields.path = "uri";
  fields.request_time = "";
  LoggedRequest r = Mapped(R"({"time_iso8601":"2026-12-06T11:00:00+01:00","m":"GET","uri":"/x","request_time":"9.0"})",
                           fields);
  CHECK(r.logged_us == kTen * 1'000'000);
  CHECK(r.whole_second);
  CHECK(r.request_time_us == 0);  // the mapping names no request time
  CHECK_FALSE(r.request.status.has_value());
  CHECK(Mapped(R"({"msec":1796551200,"request_method":"GET","request_uri":"/"})").whole_second);
  CHECK(Mapped(R"({"msec":"1796551200","request_method":"GET","request_uri":"/","status":"-"})").whole_second);
}

TEST_CASE("json log: what is missing or wrong is named with its line") {
  CHECK(MappedError(R"({"request_method":"GET","request_uri":"/"})") == R"(access.json:4: "msec": missing)");
  CHECK(MappedError(R"({"msec":"x","request_method":"GET","request_uri":"/"})").find(R"(access.json:4: "msec": )") == 0);
  CHECK(MappedError(R"({"msec":-1,"request_method":"GET","request_uri":"/"})") ==
        R"(access.json:4: "msec": expected epoch seconds from 0 to year 9999)");
  CHECK(MappedError(R"({"msec":1,"request_method":"get","request_uri":"/"})").find(R"(access.json:4: "request_method": )") ==
        0);
  CHECK(MappedError(R"({"msec":1,"request_method":"GET","request_uri":"nope"})") ==
        R"(access.json:4: "request_uri": target "nope": expected a path starting with "/" or an http(s) URL)");
  CHECK(MappedError(R"({"msec":1,"request_method":"GET","request_uri":"/","request_time":"slow"})") ==
        R"(access.json:4: "request_time": expected seconds from 0 to 86400 such as 0.123)");
  CHECK(MappedError(R"({"msec":1,"request_method":"GET","request_uri":"/","status":"2xx"})") ==
        R"(access.json:4: "status": expected an HTTP status from 100 to 599)");
  CHECK(MappedError(R"([1,2])") == "access.json:4: expected a JSON object, got an array");
  CHECK(MappedError(R"({"msec":)").find("access.json:4: ") == 0);
}

TEST_CASE("load.request records: the intended instant, to the microsecond, is the arrival") {
  JsonLogParser parser;
  Result<LoggedRequest> r = parser.ParseLoadRequest(
      R"({"kind":"load.request","v":1,"ts":"2026-12-06T10:00:00.010Z","seq":1,"method":"GET",)"
      R"("url":"http://127.0.0.1:8080/a","intended":"2026-12-06T10:00:00.001234Z","status":200,"synthetic":"load"})",
      "raw.jsonl", 2);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->request.target == "http://127.0.0.1:8080/a");
  CHECK(r->request.status == 200L);
  CHECK(r->logged_us == kTen * 1'000'000 + 1'234);
  CHECK_FALSE(r->whole_second);

  Result<LoggedRequest> other = parser.ParseLoadRequest(R"({"kind":"load.window","v":1})", "raw.jsonl", 3);
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().message() == R"(raw.jsonl:3: "kind": expected a load.request record)");
  Result<LoggedRequest> late = parser.ParseLoadRequest(
      R"({"kind":"load.request","method":"GET","url":"/","intended":"yesterday","status":null})", "raw.jsonl", 5);
  REQUIRE_FALSE(late.ok());
  CHECK(late.status().message().find(R"(raw.jsonl:5: "intended": )") == 0);
}

TEST_CASE("RFC 3339 to the microsecond") {
  CHECK(*ParseRfc3339Micros("2026-12-06T10:00:00Z") == kTen * 1'000'000);
  CHECK(*ParseRfc3339Micros("2026-12-06T10:00:00.5Z") == kTen * 1'000'000 + 500'000);
  CHECK(*ParseRfc3339Micros("2026-12-06T10:00:00.12345Z") == kTen * 1'000'000 + 123'450);
  CHECK(*ParseRfc3339Micros("2026-12-06T10:00:00.1234567Z") == kTen * 1'000'000 + 123'456);
  CHECK(*ParseRfc3339Micros("2026-12-06T11:00:00.000001+01:00") == kTen * 1'000'000 + 1);
  CHECK_FALSE(ParseRfc3339Micros("2026-12-06 10:00:00Z").ok());
}

}  // namespace
}  // namespace evt::load
