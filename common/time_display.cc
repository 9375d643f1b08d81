#include "common/time_display.h"

#include <chrono>
#include <cstdio>

#include "common/config.h"
#include "common/duration.h"
#include "common/number_text.h"

namespace evt {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::chrono::local_seconds LocalSeconds(TimePoint t, const TimeZone& zone) {
  seconds utc = floor<seconds>(t.time_since_epoch());
  return std::chrono::local_seconds{utc + zone.UtcOffset(t)};
}

std::string OffsetText(seconds offset) {
  long total = static_cast<long>(offset.count());
  char sign = total < 0 ? '-' : '+';
  if (total < 0) total = -total;
  char out[8];
  std::snprintf(out, sizeof out, "%c%02ld:%02ld", sign, total / 3600 % 100, total / 60 % 60);
  return out;
}

std::string DatePrefix(std::chrono::local_days day, std::chrono::local_days today) {
  if (day == today) return "";
  std::chrono::year_month_day date{day};
  std::chrono::year_month_day now{today};
  unsigned weekday = std::chrono::weekday{day}.c_encoding();
  std::string out = std::string(kWeekdays[weekday]) + " " + std::to_string(unsigned{date.day()}) + " " +
                    kMonths[unsigned{date.month()} - 1] + " ";
  if (date.year() != now.year()) out += std::to_string(int{date.year()}) + " ";
  return out;
}

std::string Format(TimePoint t, const TimeZone& zone, TimePoint now, bool with_seconds) {
  std::chrono::local_seconds local = LocalSeconds(t, zone);
  std::chrono::local_days day = floor<days>(local);
  std::chrono::hh_mm_ss<seconds> clock{local - day};
  char time[16];
  if (with_seconds) {
    std::snprintf(time, sizeof time, "%02d:%02d:%02d", static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
  } else {
    std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()));
  }
  std::chrono::local_days today = floor<days>(LocalSeconds(now, zone));
  return DatePrefix(day, today) + time + " " + OffsetText(zone.UtcOffset(t));
}

const TimeZone* LoadedOrNull(const std::string& name) {
  Result<const TimeZone*> zone = CachedTimeZone(name);
  return zone.ok() ? *zone : nullptr;
}

}  // namespace

std::string FormatLocalTime(TimePoint t, const TimeZone& zone, TimePoint now) {
  return Format(t, zone, now, false);
}

std::string FormatLocalTimeSeconds(TimePoint t, const TimeZone& zone, TimePoint now) {
  return Format(t, zone, now, true);
}

const TimeZone& UtcZone() {
  // A TimeZone without transitions or footer is offset zero at every instant.
  static const TimeZone fixed_zero{};
  static const TimeZone* utc = LoadedOrNull("UTC");
  return utc != nullptr ? *utc : fixed_zero;
}

std::optional<std::string> ZoneNameFromTz(std::string_view tz) {
  if (!tz.empty() && tz.front() == ':') tz.remove_prefix(1);
  for (std::string_view folder : {"/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/"}) {
    if (tz.starts_with(folder)) {
      tz.remove_prefix(folder.size());
      break;
    }
  }
  if (tz.empty()) return std::nullopt;
  return std::string(tz);
}

const TimeZone& DisplayZone(const Config* config, bool utc) { return DisplayZone(config, utc, SystemEnv); }

const TimeZone& DisplayZone(const Config* config, bool utc, const EnvLookup& env) {
  return DisplayZone(config == nullptr ? std::string_view() : std::string_view(config->site().timezone), utc, env);
}

const TimeZone& DisplayZone(std::string_view site_timezone, bool utc, const EnvLookup& env) {
  if (utc) return UtcZone();
  if (!site_timezone.empty()) {
    if (const TimeZone* zone = LoadedOrNull(std::string(site_timezone))) return *zone;
  }
  const char* tz = env("TZ");
  if (std::optional<std::string> name = ZoneNameFromTz(tz == nullptr ? "" : tz)) {
    if (const TimeZone* zone = LoadedOrNull(*name)) return *zone;
  }
  return UtcZone();
}

const TimeZone& DisplayZoneFor(const CommonOptions& common, const EnvLookup& env) {
  if (common.utc) return UtcZone();
  Result<std::string> path = FindConfigFile(common.config, env);
  Result<Config> config = path.ok() ? LoadConfig(*path, env) : Result<Config>(path.status());
  return DisplayZone(config.ok() ? &*config : nullptr, false, env);
}

std::string AgeText(TimePoint since, TimePoint now) {
  return now <= since ? DurationText(Duration(0)) : DurationText(std::chrono::duration_cast<Duration>(now - since));
}

}  // namespace evt
