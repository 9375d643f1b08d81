// The TZif reader (time_zone.h) on instants whose offsets are known
// by hand, on hand-built files (footer-only, version 1, odd POSIX rules), and
// on bad names and files, which must be DataErr naming the file.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "common/time_zone.h"

using namespace evt;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

TimePoint Utc(const char* text) {
  Result<TimePoint> t = ParseRfc3339(text);
  REQUIRE(t.ok());
  return *t;
}

seconds OffsetAt(const char* zone_name, const char* instant) {
  Result<TimeZone> zone = TimeZone::Load(zone_name);
  INFO(zone.status().ToString());
  REQUIRE(zone.ok());
  return zone->UtcOffset(Utc(instant));
}

// A TZif file built field by field (RFC 8536 3).
struct Tzif {
  char version = '2';  // 0 for version 1
  struct Type {
    std::int32_t utoff;
    std::uint8_t isdst;
  };
  std::vector<std::int64_t> times;
  std::vector<std::uint8_t> type_of;
  std::vector<Type> types = {{0, 0}};
  std::optional<std::string> footer = "";  // nullopt: leave the footer's newlines out

  std::string Bytes() const {
    std::string out;
    if (version == 0) {
      AppendBlock(out, 0, 4);
      return out;
    }
    Tzif minimal_v1;  // what zic -b slim writes for version 1 readers
    minimal_v1.AppendBlock(out, version, 4);
    AppendBlock(out, version, 8);
    if (footer) out += "\n" + *footer + "\n";
    return out;
  }

  void AppendBlock(std::string& out, char header_version, int time_size) const {
    out += "TZif";
    out += header_version;
    out += std::string(15, '\0');
    std::uint32_t counts[] = {0, 0, 0, static_cast<std::uint32_t>(times.size()),
                              static_cast<std::uint32_t>(types.size()), 4};
    for (std::uint32_t c : counts) Append(out, c, 4);
    for (std::int64_t t : times) Append(out, static_cast<std::uint64_t>(t), time_size);
    for (std::uint8_t i : type_of) out += static_cast<char>(i);
    for (const Type& type : types) {
      Append(out, static_cast<std::uint32_t>(type.utoff), 4);
      out += static_cast<char>(type.isdst);
      out += '\0';
    }
    out += std::string("ZZZ\0", 4);
  }
  static void Append(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>(v >> (8 * i) & 0xff);
  }
};

// A private $TZDIR for the test's zones; the old value comes back after.
class ZoneDir {
 public:
  ZoneDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "evt-tz-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
    if (const char* old = std::getenv("TZDIR")) old_ = old;
    setenv("TZDIR", path_.c_str(), 1);
  }
  ~ZoneDir() {
    if (old_) {
      setenv("TZDIR", old_->c_str(), 1);
    } else {
      unsetenv("TZDIR");
    }
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ZoneDir(const ZoneDir&) = delete;
  ZoneDir& operator=(const ZoneDir&) = delete;

  std::string Write(const std::string& name, const std::string& bytes) {
    std::filesystem::path file = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
    return file.string();
  }

 private:
  std::string path_;
  std::optional<std::string> old_;
};

std::string SystemZoneBytes(const char* name) {
  std::ifstream in(std::string("/usr/share/zoneinfo/") + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The error of loading `bytes` as zone "Bad/Zone" from a private $TZDIR;
// it must name the file.
std::string LoadError(const std::string& bytes) {
  ZoneDir dir;
  std::string path = dir.Write("Bad/Zone", bytes);
  Result<TimeZone> zone = TimeZone::Load("Bad/Zone");
  REQUIRE_FALSE(zone.ok());
  CHECK(zone.status().code() == ExitCode::kDataErr);
  CHECK(zone.status().message().rfind("\"Bad/Zone\" is not a time zone of the tz database (" + path + ": ", 0) == 0);
  return zone.status().message();
}

std::string NameError(const std::string& name) {
  Result<TimeZone> zone = TimeZone::Load(name);
  REQUIRE_FALSE(zone.ok());
  CHECK(zone.status().code() == ExitCode::kDataErr);
  CHECK(zone.status().message().rfind("\"" + name + "\" is not a time zone of the tz database (", 0) == 0);
  return zone.status().message();
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("time zone Europe/Berlin changes at 01:00 UTC on the last Sundays of March and October",
          "[time_zone]") {
  CHECK(OffsetAt("Europe/Berlin", "2026-03-29T00:59:59.999Z") == hours{1});
  CHECK(OffsetAt("Europe/Berlin", "2026-03-29T01:00:00Z") == hours{2});
  CHECK(OffsetAt("Europe/Berlin", "2026-10-25T00:59:59Z") == hours{2});
  CHECK(OffsetAt("Europe/Berlin", "2026-10-25T01:00:00Z") == hours{1});
  CHECK(OffsetAt("Europe/Berlin", "1850-06-01T00:00:00Z") == seconds{53 * 60 + 28});  // local mean time
  Result<TimeZone> berlin = TimeZone::Load("Europe/Berlin");
  REQUIRE(berlin.ok());
  CHECK(berlin->name() == "Europe/Berlin");
}

TEST_CASE("time zone a year only the footer covers follows its rules", "[time_zone]") {
  CHECK(OffsetAt("Europe/Berlin", "2090-03-26T00:59:59Z") == hours{1});
  CHECK(OffsetAt("Europe/Berlin", "2090-03-26T01:00:00Z") == hours{2});
  CHECK(OffsetAt("Europe/Berlin", "2090-10-29T00:59:59Z") == hours{2});
  CHECK(OffsetAt("Europe/Berlin", "2090-10-29T01:00:00Z") == hours{1});
  CHECK(OffsetAt("America/New_York", "2090-07-04T12:00:00Z") == hours{-4});
  CHECK(OffsetAt("America/New_York", "2090-12-25T12:00:00Z") == hours{-5});
}

TEST_CASE("time zone Australia/Sydney keeps daylight-saving time over new year", "[time_zone]") {
  CHECK(OffsetAt("Australia/Sydney", "2026-01-15T00:00:00Z") == hours{11});
  CHECK(OffsetAt("Australia/Sydney", "2026-04-04T15:59:59Z") == hours{11});
  CHECK(OffsetAt("Australia/Sydney", "2026-04-04T16:00:00Z") == hours{10});
  CHECK(OffsetAt("Australia/Sydney", "2026-10-03T15:59:59Z") == hours{10});
  CHECK(OffsetAt("Australia/Sydney", "2026-10-03T16:00:00Z") == hours{11});
  CHECK(OffsetAt("Australia/Sydney", "2095-01-01T00:00:00Z") == hours{11});
  CHECK(OffsetAt("Australia/Sydney", "2095-07-01T00:00:00Z") == hours{10});
}

TEST_CASE("time zone America/Sao_Paulo, Asia/Tokyo and UTC", "[time_zone]") {
  CHECK(OffsetAt("America/Sao_Paulo", "2018-12-01T12:00:00Z") == hours{-2});  // before DST was abolished
  CHECK(OffsetAt("America/Sao_Paulo", "2026-01-15T12:00:00Z") == hours{-3});
  CHECK(OffsetAt("America/Sao_Paulo", "2090-01-15T12:00:00Z") == hours{-3});
  CHECK(OffsetAt("Asia/Tokyo", "2026-07-01T00:00:00Z") == hours{9});
  CHECK(OffsetAt("Asia/Tokyo", "2090-01-01T00:00:00Z") == hours{9});
  CHECK(OffsetAt("UTC", "2026-07-01T00:00:00Z") == hours{0});
  CHECK(OffsetAt("Etc/GMT+5", "2026-07-01T00:00:00Z") == hours{-5});
  CHECK(OffsetAt("Asia/Kolkata", "2026-07-01T00:00:00Z") == hours{5} + minutes{30});
}

TEST_CASE("time zone a file with only a footer follows it at every instant", "[time_zone]") {
  ZoneDir dir;
  auto offset_at = [&](const std::string& footer, const char* instant) {
    Tzif file;
    file.footer = footer;
    dir.Write("Test/Footer", file.Bytes());
    Result<TimeZone> zone = TimeZone::Load("Test/Footer");
    INFO(footer << ": " << zone.status().ToString());
    REQUIRE(zone.ok());
    return zone->UtcOffset(Utc(instant));
  };
  CHECK(offset_at("CET-1CEST,M3.5.0,M10.5.0/3", "1900-07-01T00:00:00Z") == hours{2});
  CHECK(offset_at("CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T01:00:00Z") == hours{2});
  CHECK(offset_at("CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T00:59:59Z") == hours{1});
  CHECK(offset_at("<+0530>-5:30", "2026-01-01T00:00:00Z") == hours{5} + minutes{30});
  // DST all year: on at 00:00 on January 1, off at 25:00 on December 31.
  for (const char* t : {"2026-01-01T05:00:00Z", "2026-06-30T00:00:00Z", "2026-12-31T23:59:59Z", "2027-01-01T05:00:00Z",
                        "2028-12-31T12:00:00Z"}) {
    CHECK(offset_at("EST5EDT,0/0,J365/25", t) == hours{-4});
  }
  // Negative rule time (America/Nuuk): on at 23:00 local the day before,
  // 01:00 UTC on the last Sunday of March.
  CHECK(offset_at("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-03-29T00:59:59Z") == hours{-2});
  CHECK(offset_at("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-03-29T01:00:00Z") == hours{-1});
  CHECK(offset_at("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-10-25T00:59:59Z") == hours{-1});
  CHECK(offset_at("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-10-25T01:00:00Z") == hours{-2});
  // Europe/Dublin: winter is the daylight-saving time, one hour behind.
  CHECK(offset_at("IST-1GMT0,M10.5.0,M3.5.0/1", "2026-01-15T00:00:00Z") == hours{0});
  CHECK(offset_at("IST-1GMT0,M10.5.0,M3.5.0/1", "2026-07-15T00:00:00Z") == hours{1});
  // Jn never counts February 29; n does. 2028 is a leap year.
  CHECK(offset_at("AAA0BBB,J60/0,J300/0", "2028-02-29T12:00:00Z") == hours{0});
  CHECK(offset_at("AAA0BBB,J60/0,J300/0", "2028-03-01T00:00:00Z") == hours{1});
  CHECK(offset_at("AAA0BBB,59/0,300/0", "2028-02-29T00:00:00Z") == hours{1});
  CHECK(offset_at("AAA0BBB,59/0,300/0", "2028-02-28T23:59:59Z") == hours{0});
  // Rule times up to 167 hours: the first Sunday of March 2026 is the 1st,
  // and 167 hours later is Saturday the 7th at 23:00.
  CHECK(offset_at("AAA0BBB-2,M3.1.0/167,M10.1.0", "2026-03-01T12:00:00Z") == hours{0});
  CHECK(offset_at("AAA0BBB-2,M3.1.0/167,M10.1.0", "2026-03-07T22:59:59Z") == hours{0});
  CHECK(offset_at("AAA0BBB-2,M3.1.0/167,M10.1.0", "2026-03-07T23:00:00Z") == hours{2});
}

TEST_CASE("time zone transitions, a version 1 file and an empty footer", "[time_zone]") {
  Tzif file;
  file.times = {0, 1000000};
  file.type_of = {1, 2};
  file.types = {{3600, 0}, {7200, 1}, {-1800, 0}};
  for (char version : {'\0', '2', '3', '4'}) {
    file.version = version;
    Result<TimeZone> zone = TimeZone::Parse(file.Bytes(), "Test/Transitions");
    INFO(zone.status().ToString());
    REQUIRE(zone.ok());
    CHECK(zone->UtcOffset(TimePoint{} - std::chrono::milliseconds{1}) == hours{1});  // time type 0 before
    CHECK(zone->UtcOffset(TimePoint{}) == hours{2});
    CHECK(zone->UtcOffset(TimePoint{seconds{999999}}) == hours{2});
    CHECK(zone->UtcOffset(TimePoint{seconds{1000000}}) == minutes{-30});
    CHECK(zone->UtcOffset(TimePoint{hours{24 * 365 * 100}}) == minutes{-30});  // the last type holds
  }
}

TEST_CASE("time zone refuses names that are not IANA-shaped", "[time_zone]") {
  CHECK(Contains(NameError(""), "expected a name such as Europe/Berlin"));
  CHECK(Contains(NameError("../etc/passwd"), "no \"..\""));
  CHECK(Contains(NameError("Europe/../../etc/passwd"), "no \"..\""));
  CHECK(Contains(NameError("/etc/localtime"), "not absolute"));
  CHECK(Contains(NameError("Europe/Berlin;rm"), "letters, digits"));
  CHECK(Contains(NameError("Mars/Olympus"), "/usr/share/zoneinfo/Mars/Olympus: no such file"));
  CHECK(Contains(NameError("Europe"), "/usr/share/zoneinfo/Europe: a directory, not a zone file"));
  CHECK(Contains(NameError("zone.tab"), "/usr/share/zoneinfo/zone.tab: not a TZif file"));
}

TEST_CASE("time zone refuses bad files with a message naming the file", "[time_zone]") {
  std::string berlin = SystemZoneBytes("Europe/Berlin");
  REQUIRE(berlin.size() > 1000);
  CHECK(Contains(LoadError(berlin.substr(0, 30)), "truncated: the header needs 44 bytes"));
  CHECK(Contains(LoadError(berlin.substr(0, 100)), "truncated: the version 1 data block"));
  CHECK(Contains(LoadError(berlin.substr(0, berlin.size() - 5)), "footer TZ string does not end with a newline"));
  CHECK(Contains(LoadError(berlin.substr(0, berlin.find("\nCET"))), "no footer"));
  CHECK(Contains(LoadError(""), "not a TZif file"));
  CHECK(Contains(LoadError("TZi"), "truncated: the header needs 44 bytes at offset 0, the file has 3 left"));
  CHECK(Contains(LoadError("TZiX" + berlin.substr(4)), "not a TZif file"));
  CHECK(Contains(LoadError(std::string(2 << 20, 'x')), "more than the 1 MiB"));

  std::string huge_count = berlin;
  huge_count.replace(32, 4, "\xff\xff\xff\xff");  // timecnt
  CHECK(Contains(LoadError(huge_count), "truncated: the version 1 data block needs"));

  Tzif file;
  file.times = {10, 5};
  file.type_of = {0, 0};
  CHECK(Contains(LoadError(file.Bytes()), "transition 1 is not after the one before"));
  file.times = {5, 10};
  file.type_of = {0, 1};
  CHECK(Contains(LoadError(file.Bytes()), "transition 1 has local time type 1, the file has 1"));
  file.type_of = {0, 0};
  file.types = {{-0x7fffffff - 1, 0}};
  CHECK(Contains(LoadError(file.Bytes()), "local time type 0 is malformed"));
  file.types = {{0, 2}};
  CHECK(Contains(LoadError(file.Bytes()), "local time type 0 is malformed"));
  file.types = {};
  CHECK(Contains(LoadError(file.Bytes()), "counts no local time types"));

  Tzif footer;
  for (const char* bad : {"CET-1CEST,M3.5.0", "CET", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0/168",
                          "CET-1CEST,J0,J365", "CET-1CEST,M3.5.0,M10.5.0x", "<A>1", "CET-25"}) {
    footer.footer = bad;
    INFO(bad);
    CHECK(Contains(LoadError(footer.Bytes()), "footer TZ string \"" + std::string(bad) + "\""));
  }
  footer.footer = std::nullopt;
  CHECK(Contains(LoadError(footer.Bytes()), "no footer"));
}

TEST_CASE("time zone Parse names the zone in its errors", "[time_zone]") {
  Result<TimeZone> zone = TimeZone::Parse("TZif2", "Some/Zone");
  REQUIRE_FALSE(zone.ok());
  CHECK(zone.status().code() == ExitCode::kDataErr);
  CHECK(zone.status().message().rfind("Some/Zone: truncated", 0) == 0);
}

TEST_CASE("time zone loads each zone once per process", "[time_zone]") {
  Result<const TimeZone*> first = CachedTimeZone("Europe/Berlin");
  Result<const TimeZone*> again = CachedTimeZone("Europe/Berlin");
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  CHECK(*first == *again);
  CHECK((*first)->name() == "Europe/Berlin");
  CHECK_FALSE(CachedTimeZone("Mars/Olympus").ok());
}
