#include "common/time_display.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

namespace evt {
namespace {

TimePoint At(const char* rfc3339) {
  Result<TimePoint> t = ParseRfc3339(rfc3339);
  REQUIRE(t.ok());
  return *t;
}

const TimeZone& Zone(const char* name) {
  Result<const TimeZone*> zone = CachedTimeZone(name);
  INFO(zone.status().message());
  REQUIRE(zone.ok());
  return **zone;
}

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST_CASE("a time today shows the local clock and the offset") {
  const TimeZone& berlin = Zone("Europe/Berlin");
  TimePoint now = At("2026-12-11T09:00:00Z");
  CHECK(FormatLocalTime(At("2026-12-11T17:34:59.900Z"), berlin, now) == "18:34 +01:00");
  CHECK(FormatLocalTimeSeconds(At("2026-12-11T17:34:05Z"), berlin, now) == "18:34:05 +01:00");
}

TEST_CASE("a time on another local day says which day") {
  const TimeZone& berlin = Zone("Europe/Berlin");
  TimePoint now = At("2026-12-06T12:00:00Z");
  CHECK(FormatLocalTime(At("2026-12-11T17:34:00Z"), berlin, now) == "Fri 11 Dec 18:34 +01:00");
  // 23:30 UTC on the 6th is already the 7th in Berlin.
  CHECK(FormatLocalTime(At("2026-12-06T23:30:00Z"), berlin, now) == "Mon 7 Dec 00:30 +01:00");
  CHECK(FormatLocalTime(At("2026-12-05T22:59:00Z"), berlin, now) == "Sat 5 Dec 23:59 +01:00");
}

TEST_CASE("a time in another year shows the year") {
  const TimeZone& berlin = Zone("Europe/Berlin");
  TimePoint now = At("2026-12-31T12:00:00Z");
  CHECK(FormatLocalTime(At("2027-01-01T00:15:00Z"), berlin, now) == "Fri 1 Jan 2027 01:15 +01:00");
}

TEST_CASE("summer time shows its own offset") {
  const TimeZone& berlin = Zone("Europe/Berlin");
  TimePoint now = At("2026-07-01T08:00:00Z");
  CHECK(FormatLocalTime(At("2026-07-01T16:34:00Z"), berlin, now) == "18:34 +02:00");
}

TEST_CASE("zones west of UTC and with half hours show a signed offset") {
  CHECK(FormatLocalTime(At("2026-12-11T17:34:00Z"), Zone("America/New_York"), At("2026-12-11T15:00:00Z")) ==
        "12:34 -05:00");
  CHECK(FormatLocalTime(At("2026-12-11T17:34:00Z"), Zone("Asia/Kolkata"), At("2026-12-11T17:00:00Z")) ==
        "23:04 +05:30");
}

TEST_CASE("UTC shows +00:00") {
  TimePoint now = At("2026-12-11T09:00:00Z");
  CHECK(FormatLocalTime(At("2026-12-11T17:34:00Z"), UtcZone(), now) == "17:34 +00:00");
  CHECK(FormatLocalTime(At("2026-12-16T17:34:00Z"), UtcZone(), now) == "Wed 16 Dec 17:34 +00:00");
}

TEST_CASE("a TZ value names its zone") {
  CHECK(ZoneNameFromTz("Europe/Berlin") == "Europe/Berlin");
  CHECK(ZoneNameFromTz(":Europe/Berlin") == "Europe/Berlin");
  CHECK(ZoneNameFromTz(":/usr/share/zoneinfo/Asia/Tokyo") == "Asia/Tokyo");
  CHECK(ZoneNameFromTz("/usr/share/zoneinfo/Asia/Tokyo") == "Asia/Tokyo");
  CHECK_FALSE(ZoneNameFromTz("").has_value());
  CHECK_FALSE(ZoneNameFromTz(":").has_value());
}

TEST_CASE("the display zone is --utc, else TZ, else UTC") {
  CHECK(DisplayZone(nullptr, false, FakeEnv({{"TZ", "Asia/Tokyo"}})).name() == "Asia/Tokyo");
  CHECK(DisplayZone(nullptr, true, FakeEnv({{"TZ", "Asia/Tokyo"}})).name() == UtcZone().name());
  CHECK(DisplayZone(nullptr, false, FakeEnv({})).name() == UtcZone().name());
  // A POSIX rule or a misspelt name is not a zone of the database: UTC, not a crash.
  CHECK(DisplayZone(nullptr, false, FakeEnv({{"TZ", "CET-1CEST,M3.5.0,M10.5.0/3"}})).name() == UtcZone().name());
  CHECK(DisplayZone(nullptr, false, FakeEnv({{"TZ", "Europe/Berlinn"}})).name() == UtcZone().name());
}

TEST_CASE("the site's zone comes before TZ") {
  CHECK(DisplayZone("Europe/Berlin", false, FakeEnv({{"TZ", "Asia/Tokyo"}})).name() == "Europe/Berlin");
  CHECK(DisplayZone("Europe/Berlin", true, FakeEnv({{"TZ", "Asia/Tokyo"}})).name() == UtcZone().name());
  CHECK(DisplayZone("", false, FakeEnv({{"TZ", "Asia/Tokyo"}})).name() == "Asia/Tokyo");
  CHECK(DisplayZone("Mars/Olympus", false, FakeEnv({{"TZ", "Asia/Tokyo"}})).name() == "Asia/Tokyo");
}

}  // namespace
}  // namespace evt

TEST_CASE("AgeText: two units at most, rounded, never negative") {
  const evt::TimePoint now = evt::TimePoint(std::chrono::hours(24 * 400));
  CHECK(evt::AgeText(now - std::chrono::milliseconds(12'340), now) == "12.3s");
  CHECK(evt::AgeText(now - std::chrono::seconds(252), now) == "4m12s");
  CHECK(evt::AgeText(now - std::chrono::seconds(3 * 3600 + 20 * 60 + 29), now) == "3h20m");
  CHECK(evt::AgeText(now - std::chrono::seconds(3 * 3600 + 20 * 60 + 59), now) == "3h21m");
  CHECK(evt::AgeText(now + std::chrono::seconds(5), now) == "0s");
}
