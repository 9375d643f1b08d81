#include "common/duration.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace evt {
namespace {

using std::chrono::milliseconds;

std::int64_t Millis(std::string_view text) {
  Result<Duration> d = ParseDuration(text);
  INFO(text << ": " << d.status().message());
  REQUIRE(d.ok());
  return d->count();
}

std::string ParseError(std::string_view text) {
  Result<Duration> d = ParseDuration(text);
  INFO(text);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == ExitCode::kDataErr);
  return d.status().message();
}

TEST_CASE("duration: single units", "[duration]") {
  CHECK(Millis("500ms") == 500);
  CHECK(Millis("2s") == 2000);
  CHECK(Millis("15m") == 15 * 60'000);
  CHECK(Millis("1h") == 3'600'000);
  CHECK(Millis("1d") == 86'400'000);
  CHECK(Millis("0s") == 0);
  CHECK(Millis("0ms") == 0);
  CHECK(Millis("007s") == 7000);
}

TEST_CASE("duration: compounds, largest unit first", "[duration]") {
  CHECK(Millis("1h30m") == 90 * 60'000);
  CHECK(Millis("1m30s500ms") == 90'500);
  CHECK(Millis("1d2h3m4s5ms") == 86'400'000 + 2 * 3'600'000 + 3 * 60'000 + 4'000 + 5);
  CHECK(Millis("2h0m") == 2 * 3'600'000);
}

TEST_CASE("duration: fractions that come to whole milliseconds", "[duration]") {
  CHECK(Millis("1.5s") == 1500);
  CHECK(Millis("0.25h") == 15 * 60'000);
  CHECK(Millis("0.001s") == 1);
  CHECK(Millis("1.500000000000000000000s") == 1500);
  CHECK(Millis("1.0ms") == 1);
  CHECK(Millis("0.0000003125d") == 27);
  CHECK(Millis("1m0.5s") == 60'500);
}

TEST_CASE("duration: a number without a unit says which units exist", "[duration]") {
  CHECK(ParseError("2") == "\"2\": expected a unit: ms, s, m, h or d after \"2\"");
  CHECK(ParseError("0").find("expected a unit: ms, s, m, h or d") != std::string::npos);
  CHECK(ParseError("1.5").find("expected a unit: ms, s, m, h or d after \"1.5\"") != std::string::npos);
  CHECK(ParseError("1m30").find("after \"30\"") != std::string::npos);
  CHECK(ParseError("2 seconds").find("expected a unit: ms, s, m, h or d after \"2\"") != std::string::npos);
}

TEST_CASE("duration: unknown units are named", "[duration]") {
  CHECK(ParseError("2sec") == "\"2sec\": unknown unit \"sec\"; expected ms, s, m, h or d");
  CHECK(ParseError("1w").find("unknown unit \"w\"") != std::string::npos);
  CHECK(ParseError("2S").find("unknown unit \"S\"") != std::string::npos);
  CHECK(ParseError("100us").find("unknown unit \"us\"") != std::string::npos);
}

TEST_CASE("duration: empty, signed and malformed text is refused", "[duration]") {
  CHECK(ParseError("").find("empty; expected a duration such as \"500ms\", \"2s\" or \"15m\"") != std::string::npos);
  CHECK(ParseError("-1s").find("negative durations are not allowed") != std::string::npos);
  CHECK(ParseError("+1s").find("expected a number at byte 1") != std::string::npos);
  CHECK(ParseError("s").find("expected a number at byte 1") != std::string::npos);
  CHECK(ParseError(".5s").find("expected a number at byte 1") != std::string::npos);
  CHECK(ParseError("1.s").find("expected a digit after the decimal point") != std::string::npos);
  CHECK(ParseError(" 1s").find("expected a number at byte 1") != std::string::npos);
  CHECK(ParseError("1s ").find("expected a number at byte 3") != std::string::npos);
  CHECK(ParseError("1h 30m").find("expected a number at byte 3") != std::string::npos);
}

TEST_CASE("duration: units out of order or repeated are refused", "[duration]") {
  CHECK(ParseError("30m1h").find("units must go from largest to smallest, each once") != std::string::npos);
  CHECK(ParseError("1m1m").find("units must go from largest to smallest") != std::string::npos);
  CHECK(ParseError("500ms1s").find("units must go from largest to smallest") != std::string::npos);
}

TEST_CASE("duration: precision below a millisecond is refused, not rounded", "[duration]") {
  CHECK(ParseError("1.5ms").find("finer than a millisecond") != std::string::npos);
  CHECK(ParseError("0.0001s").find("finer than a millisecond") != std::string::npos);
  CHECK(ParseError("0.0000000000000000001d").find("finer than a millisecond") != std::string::npos);
}

TEST_CASE("duration: overflow is refused", "[duration]") {
  CHECK(Millis("9223372036854775807ms") == std::numeric_limits<std::int64_t>::max());
  CHECK(ParseError("9223372036854775808ms").find("too large") != std::string::npos);
  CHECK(ParseError("106751991168d").find("too large") != std::string::npos);
  CHECK(ParseError("106751991167d8h").find("too large") != std::string::npos);
  CHECK(ParseError(std::string(400, '9') + "s").find("too large") != std::string::npos);
}

TEST_CASE("duration: format writes the canonical compound", "[duration]") {
  CHECK(FormatDuration(Duration{0}) == "0s");
  CHECK(FormatDuration(std::chrono::seconds{90}) == "1m30s");
  CHECK(FormatDuration(milliseconds{1500}) == "1s500ms");
  CHECK(FormatDuration(milliseconds{500}) == "500ms");
  CHECK(FormatDuration(std::chrono::minutes{15}) == "15m");
  CHECK(FormatDuration(std::chrono::hours{36}) == "1d12h");
  CHECK(FormatDuration(std::chrono::hours{24} + milliseconds{1}) == "1d1ms");
  CHECK(FormatDuration(milliseconds{-1500}) == "-1s500ms");
  CHECK(FormatDuration(milliseconds{std::numeric_limits<std::int64_t>::min()}).front() == '-');
}

TEST_CASE("duration: format and parse round-trip over many values", "[duration]") {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> any(0, std::numeric_limits<std::int64_t>::max());
  std::uniform_int_distribution<std::int64_t> small(0, 3 * 86'400'000);
  auto check = [](std::int64_t ms) {
    std::string text = FormatDuration(milliseconds{ms});
    INFO(text);
    REQUIRE(Millis(text) == ms);
  };
  for (int i = 0; i < 10000; ++i) {
    check(any(rng));
    check(small(rng));
  }
  check(std::numeric_limits<std::int64_t>::max());
  check(0);
  check(1);
}

}  // namespace
}  // namespace evt
