#include "common/time_format.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

namespace evt {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;

TimePoint At(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0, int ms = 0) {
  return sys_days{std::chrono::year{y} / static_cast<int>(m) / static_cast<int>(d)} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss} + milliseconds{ms};
}

TimePoint Parsed(std::string_view text) {
  Result<TimePoint> t = ParseRfc3339(text);
  INFO(text << ": " << t.status().message());
  REQUIRE(t.ok());
  return *t;
}

std::string ParseError(std::string_view text) {
  Result<TimePoint> t = ParseRfc3339(text);
  INFO(text);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == ExitCode::kDataErr);
  return t.status().message();
}

TEST_CASE("time format: writes UTC with milliseconds and a Z", "[time_format]") {
  CHECK(FormatRfc3339(TimePoint{}) == "1970-01-01T00:00:00.000Z");
  CHECK(FormatRfc3339(At(2026, 11, 23, 8, 0, 0, 123)) == "2026-11-23T08:00:00.123Z");
  CHECK(FormatRfc3339(At(1969, 12, 31, 23, 59, 59, 999)) == "1969-12-31T23:59:59.999Z");
  CHECK(FormatRfc3339(At(0, 1, 1)) == "0000-01-01T00:00:00.000Z");
  CHECK(FormatRfc3339(At(9999, 12, 31, 23, 59, 59, 999)) == "9999-12-31T23:59:59.999Z");
}

TEST_CASE("time format: instants beyond four-digit years are clamped", "[time_format]") {
  CHECK(FormatRfc3339(At(10000, 1, 1, 0, 0, 0, 5)) == "9999-12-31T23:59:59.999Z");
  CHECK(FormatRfc3339(At(-1, 6, 1)) == "0000-01-01T00:00:00.000Z");
  CHECK(FormatRfc3339(TimePoint::max()) == "9999-12-31T23:59:59.999Z");
  CHECK(FormatRfc3339(TimePoint::min()) == "0000-01-01T00:00:00.000Z");
}

TEST_CASE("time format: parses UTC in every spelling RFC 3339 allows", "[time_format]") {
  TimePoint expected = At(2026, 12, 5, 9, 0, 0);
  CHECK(Parsed("2026-12-05T09:00:00Z") == expected);
  CHECK(Parsed("2026-12-05t09:00:00z") == expected);
  CHECK(Parsed("2026-12-05T09:00:00+00:00") == expected);
  CHECK(Parsed("2026-12-05T09:00:00-00:00") == expected);
}

TEST_CASE("time format: offsets convert to the right UTC instant", "[time_format]") {
  CHECK(Parsed("2026-12-05T10:00:00+01:00") == At(2026, 12, 5, 9, 0, 0));
  CHECK(Parsed("2026-12-05T10:00:00-05:30") == At(2026, 12, 5, 15, 30, 0));
  CHECK(Parsed("2026-12-31T23:30:00-01:00") == At(2027, 1, 1, 0, 30, 0));
  CHECK(Parsed("2027-01-01T00:15:00+14:00") == At(2026, 12, 31, 10, 15, 0));
  CHECK(Parsed("2024-03-01T00:30:00+01:00") == At(2024, 2, 29, 23, 30, 0));
  CHECK(FormatRfc3339(Parsed("2026-12-05T22:00:00.250+01:00")) == "2026-12-05T21:00:00.250Z");
}

TEST_CASE("time format: fractions of any length are truncated to milliseconds", "[time_format]") {
  CHECK(Parsed("2026-01-01T00:00:00.1Z") == At(2026, 1, 1, 0, 0, 0, 100));
  CHECK(Parsed("2026-01-01T00:00:00.12Z") == At(2026, 1, 1, 0, 0, 0, 120));
  CHECK(Parsed("2026-01-01T00:00:00.123456789Z") == At(2026, 1, 1, 0, 0, 0, 123));
  CHECK(Parsed("2026-01-01T00:00:00.9999Z") == At(2026, 1, 1, 0, 0, 0, 999));
  CHECK(Parsed("2026-01-01T00:00:00.0000000000000000000001Z") == At(2026, 1, 1));
}

TEST_CASE("time format: leap years have a 29th of February, others do not", "[time_format]") {
  CHECK(Parsed("2024-02-29T12:00:00Z") == At(2024, 2, 29, 12));
  CHECK(Parsed("2000-02-29T12:00:00Z") == At(2000, 2, 29, 12));
  CHECK(ParseError("2023-02-29T12:00:00Z") == "\"2023-02-29T12:00:00Z\": day 29 out of range 01..28 for 2023-02");
  CHECK(ParseError("1900-02-29T00:00:00Z").find("day 29 out of range 01..28 for 1900-02") != std::string::npos);
  CHECK(ParseError("2100-02-29T00:00:00Z").find("out of range 01..28") != std::string::npos);
  CHECK(ParseError("2026-04-31T00:00:00Z").find("day 31 out of range 01..30 for 2026-04") != std::string::npos);
  CHECK(ParseError("2026-01-00T00:00:00Z").find("day 00 out of range 01..31") != std::string::npos);
}

TEST_CASE("time format: a leap second reads as the last millisecond of its minute", "[time_format]") {
  CHECK(Parsed("2016-12-31T23:59:60Z") == At(2016, 12, 31, 23, 59, 59, 999));
  CHECK(Parsed("2017-01-01T00:59:60.5+01:00") == At(2016, 12, 31, 23, 59, 59, 999));
}

TEST_CASE("time format: out-of-range fields say which and the range", "[time_format]") {
  CHECK(ParseError("2026-13-01T00:00:00Z") == "\"2026-13-01T00:00:00Z\": month 13 out of range 01..12");
  CHECK(ParseError("2026-00-01T00:00:00Z").find("month 00 out of range 01..12") != std::string::npos);
  CHECK(ParseError("2026-01-01T24:00:00Z").find("hour 24 out of range 00..23") != std::string::npos);
  CHECK(ParseError("2026-01-01T00:60:00Z").find("minute 60 out of range 00..59") != std::string::npos);
  CHECK(ParseError("2026-01-01T00:00:61Z").find("second 61 out of range 00..60") != std::string::npos);
  CHECK(ParseError("2026-01-01T00:00:00+24:00").find("offset hour 24 out of range 00..23") != std::string::npos);
  CHECK(ParseError("2026-01-01T00:00:00+01:60").find("offset minute 60 out of range 00..59") != std::string::npos);
}

TEST_CASE("time format: malformed times say what was expected where", "[time_format]") {
  CHECK(ParseError("").find("expected a 4-digit year at byte 1") != std::string::npos);
  CHECK(ParseError("26-12-05T10:00:00Z").find("expected a 4-digit year") != std::string::npos);
  CHECK(ParseError("2026-1-05T10:00:00Z").find("expected a 2-digit month at byte 6") != std::string::npos);
  CHECK(ParseError("2026/12/05T10:00:00Z").find("expected \"-\" after the year") != std::string::npos);
  CHECK(ParseError("2026-12-05").find("expected \"T\" between the date and the time") != std::string::npos);
  CHECK(ParseError("2026-12-05 10:00:00Z").find("expected \"T\" between the date and the time") != std::string::npos);
  CHECK(ParseError("2026-12-05T10:00Z").find("expected \":\" after the minute") != std::string::npos);
  CHECK(ParseError("2026-12-05T10:00:00").find("expected \"Z\" or an offset such as \"+01:00\"") != std::string::npos);
  CHECK(ParseError("2026-12-05T10:00:00.Z").find("expected a digit after the decimal point") != std::string::npos);
  CHECK(ParseError("2026-12-05T10:00:00+0100").find("expected \":\" in the offset") != std::string::npos);
  CHECK(ParseError("2026-12-05T10:00:00+1:00").find("expected a 2-digit offset hour") != std::string::npos);
  CHECK(ParseError("2026-12-05T10:00:00ZZ").find("unexpected text after the time zone at byte 21") !=
        std::string::npos);
  CHECK(ParseError(" 2026-12-05T10:00:00Z").find("expected a 4-digit year") != std::string::npos);
  CHECK(ParseError("2026-12-05T10:00:00Z\n").find("unexpected text") != std::string::npos);
  CHECK(ParseError("yesterday").find("as in \"2026-12-05T10:00:00.000+01:00\"") != std::string::npos);
}

TEST_CASE("time format: the UTC instant must stay within years 0000..9999", "[time_format]") {
  CHECK(Parsed("0000-01-01T00:00:00Z") == At(0, 1, 1));
  CHECK(Parsed("9999-12-31T23:59:59.999Z") == At(9999, 12, 31, 23, 59, 59, 999));
  CHECK(ParseError("0000-01-01T00:00:00+00:01").find("falls before 0000-01-01T00:00:00Z") != std::string::npos);
  CHECK(ParseError("9999-12-31T23:59:59-00:01").find("falls after 9999-12-31T23:59:59.999Z") != std::string::npos);
}

TEST_CASE("time format: a long garbage input is cut in the message", "[time_format]") {
  std::string garbage(5000, 'x');
  std::string message = ParseError(garbage);
  CHECK(message.size() < 300);
  CHECK(message.find("...\"") != std::string::npos);
}

TEST_CASE("time format: format and parse round-trip over many instants", "[time_format]") {
  std::mt19937_64 rng(20261205);
  std::uniform_int_distribution<std::int64_t> ms(At(0, 1, 1).time_since_epoch().count(),
                                                 At(9999, 12, 31, 23, 59, 59, 999).time_since_epoch().count());
  for (int i = 0; i < 20000; ++i) {
    TimePoint t{milliseconds{ms(rng)}};
    std::string text = FormatRfc3339(t);
    INFO(text);
    REQUIRE(Parsed(text) == t);
    REQUIRE(FormatRfc3339(Parsed(text)) == text);
  }
}

TEST_CASE("time format: every day of a leap-year span parses to consecutive days", "[time_format]") {
  TimePoint day = At(2023, 1, 1);
  for (int i = 0; i < 3 * 366; ++i, day += days{1}) {
    std::string text = FormatRfc3339(day);
    INFO(text);
    REQUIRE(Parsed(text) == day);
    REQUIRE(Parsed(text.substr(0, 19) + "+02:00") == day - std::chrono::hours{2});
  }
}

}  // namespace
}  // namespace evt
