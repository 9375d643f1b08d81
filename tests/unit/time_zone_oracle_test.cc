// The TZif reader (time_zone.h) against Howard Hinnant's date
// library on every zone of the system's tzdata: at each transition from
// 1970 to 2100 and a second either side, every 5 days from 1900 to 2200, and
// at random instants. After the date library's last transition it knows no
// rules (it ignores the footer), so there the oracle is the C library's
// localtime_r with TZ set to the file's footer. (The date library's own
// POSIX TZ zone, ptz.h, does not compile under C++20.)
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <date/tz.h>

#include <time.h>

#include "common/time_zone.h"

using namespace evt;

namespace {

constexpr const char* kZoneDir = "/usr/share/zoneinfo";

std::string FileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Zone names of every TZif file under the zone folder, but for the posix/
// and right/ copies (right/ counts leap seconds).
std::vector<std::string> SystemZoneNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kZoneDir)) {
    std::string name = std::filesystem::relative(entry.path(), kZoneDir).string();
    if (name.rfind("posix", 0) == 0 || name.rfind("right", 0) == 0 || !entry.is_regular_file()) continue;
    if (FileText(entry.path()).rfind("TZif", 0) != 0) continue;
    names.push_back(name);
  }
  return names;
}

// The footer TZ string of a version 2+ file: its last line.
std::string FooterOf(const std::string& bytes) {
  if (bytes.size() < 2 || bytes.back() != '\n') return "";
  std::size_t begin = bytes.rfind('\n', bytes.size() - 2);
  return begin == std::string::npos ? "" : bytes.substr(begin + 1, bytes.size() - begin - 2);
}

// The C library's reading of TZ strings, with TZ put back afterwards.
class PosixTzOracle {
 public:
  explicit PosixTzOracle(const std::string& tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz.c_str(), 1);
    tzset();
  }
  ~PosixTzOracle() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  PosixTzOracle(const PosixTzOracle&) = delete;
  PosixTzOracle& operator=(const PosixTzOracle&) = delete;

  std::chrono::seconds Offset(date::sys_seconds t) const {
    time_t at = static_cast<time_t>(t.time_since_epoch().count());
    struct tm local {};
    localtime_r(&at, &local);
    return std::chrono::seconds{local.tm_gmtoff};
  }

 private:
  std::optional<std::string> old_;
};

class Oracle {
 public:
  Oracle(const date::time_zone* zone, const std::string& footer) : zone_(zone) {
    last_transition_ = zone->get_info(date::sys_days(date::year{2600} / 1 / 1)).begin;
    if (!footer.empty()) footer_.emplace(footer);
  }
  std::chrono::seconds Offset(date::sys_seconds t) const {
    if (t < last_transition_ || !footer_) return zone_->get_info(t).offset;
    return footer_->Offset(t);
  }

 private:
  const date::time_zone* zone_;
  date::sys_seconds last_transition_;
  std::optional<PosixTzOracle> footer_;
};

// A version 2 file with no transitions, one time type and `footer`.
std::string TzifWithFooter(const std::string& footer) {
  std::string header("TZif2", 5);
  header += std::string(15, '\0');
  for (int count : {0, 0, 0, 0, 1, 1}) header += std::string{'\0', '\0', '\0', static_cast<char>(count)};
  std::string block = header + std::string(6 + 1, '\0');
  return block + block + "\n" + footer + "\n";
}

date::sys_seconds At(int year) { return date::sys_days(date::year{year} / 1 / 1); }

std::vector<date::sys_seconds> InstantsFor(const date::time_zone* zone, std::mt19937_64& random) {
  std::vector<date::sys_seconds> instants;
  for (date::sys_seconds t = At(1900); t < At(2200); t += date::days{5}) instants.push_back(t);
  for (date::sys_seconds t = At(1970); t < At(2100);) {
    date::sys_info info = zone->get_info(t);
    if (info.end >= At(2100)) break;
    for (int d = -1; d <= 1; ++d) instants.push_back(info.end + std::chrono::seconds{d});
    t = info.end;
  }
  std::uniform_int_distribution<std::int64_t> any(At(1900).time_since_epoch().count(),
                                                   At(2200).time_since_epoch().count());
  for (int i = 0; i < 500; ++i) instants.push_back(date::sys_seconds{std::chrono::seconds{any(random)}});
  return instants;
}

}  // namespace

TEST_CASE("time zone agrees with the date library on every system zone", "[time_zone]") {
  std::vector<std::string> names = SystemZoneNames();
  REQUIRE(names.size() > 300);
  std::mt19937_64 random(20261123);
  std::size_t compared = 0, zones = 0;
  std::ostringstream mismatches;
  int shown = 0;
  for (const std::string& name : names) {
    const date::time_zone* expected_zone = nullptr;
    try {
      expected_zone = date::locate_zone(name);
    } catch (const std::exception&) {
      continue;  // e.g. "localtime": a file, but not a name the date library lists
    }
    Result<TimeZone> zone = TimeZone::Load(name);
    INFO(zone.status().ToString());
    REQUIRE(zone.ok());
    Oracle oracle(expected_zone, FooterOf(FileText(std::string(kZoneDir) + "/" + name)));
    ++zones;
    for (date::sys_seconds t : InstantsFor(expected_zone, random)) {
      std::chrono::seconds expected = oracle.Offset(t);
      ++compared;
      std::chrono::seconds got = zone->UtcOffset(t);
      if (got != expected && shown++ < 20) {
        mismatches << name << " at " << date::format("%F %T", t) << "Z: got " << got.count() << " s, expected "
                   << expected.count() << " s\n";
      }
    }
  }
  INFO(mismatches.str());
  CHECK(shown == 0);
  CHECK(zones > 300);
  CHECK(compared > zones * 20000);
}

namespace {

// A rule that falls in the first half of the year (or the second): changes
// that swap order from one year to the next have no agreed meaning.
std::string RandomRule(std::mt19937_64& random, bool second_half) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  int shift = second_half ? 182 : 0;
  std::string rule;
  switch (pick(0, 2)) {
    case 0:
      rule = "J" + std::to_string(pick(15, 165) + shift);
      break;
    case 1:
      rule = std::to_string(pick(15, 165) + shift);
      break;
    default:
      rule = "M" + std::to_string(pick(2, 5) + shift / 30) + "." + std::to_string(pick(1, 5)) + "." +
             std::to_string(pick(0, 6));
  }
  if (pick(0, 3) == 0) return rule;
  return rule + "/" + std::to_string(pick(-167, 167)) + (pick(0, 1) ? ":30" : "");
}

}  // namespace

// From 1971: glibc's tzset computes rule changes of earlier years as if
// they were in 1970.
TEST_CASE("time zone reads random footer rules as the C library does", "[time_zone]") {
  std::mt19937_64 random(8536);
  std::uniform_int_distribution<std::int64_t> any(At(1971).time_since_epoch().count(),
                                                   At(2200).time_since_epoch().count());
  std::ostringstream mismatches;
  int shown = 0;
  for (int i = 0; i < 300; ++i) {
    int std_hours = std::uniform_int_distribution<int>(-12, 12)(random);
    std::string footer = "<STD>" + std::to_string(std_hours) + "<DST>";
    if (i % 2) footer += std::to_string(std_hours - std::uniform_int_distribution<int>(-2, 2)(random)) + ":30";
    bool southern = i % 3 == 0;
    footer += "," + RandomRule(random, southern) + "," + RandomRule(random, !southern);
    Result<TimeZone> zone = TimeZone::Parse(TzifWithFooter(footer), "Random");
    INFO(footer << ": " << zone.status().ToString());
    REQUIRE(zone.ok());
    PosixTzOracle oracle(footer);
    for (int k = 0; k < 300; ++k) {
      date::sys_seconds t{std::chrono::seconds{any(random)}};
      if (zone->UtcOffset(t) != oracle.Offset(t) && shown++ < 20) {
        mismatches << footer << " at " << date::format("%F %T", t) << "Z: got " << zone->UtcOffset(t).count()
                   << " s, expected " << oracle.Offset(t).count() << " s\n";
      }
    }
  }
  INFO(mismatches.str());
  CHECK(shown == 0);
}
