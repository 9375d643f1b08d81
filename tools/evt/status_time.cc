#include "tools/evt/status_time.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace evt::front {

namespace {

std::chrono::seconds OffsetAt(TimePoint t, const RenderOptions& options) {
  if (options.utc || options.zone == nullptr) return std::chrono::seconds{0};
  return options.zone->UtcOffset(t);
}

std::string OffsetText(std::chrono::seconds offset) {
  // Zone offsets are within a day, so the hours fit two digits.
  const int minutes = static_cast<int>(offset.count() / 60) % (24 * 60);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                std::abs(minutes) % 60);
  return buffer;
}

}  // namespace

std::string ClockText(TimePoint t, TimePoint now, const RenderOptions& options) {
  using namespace std::chrono;
  const seconds offset = OffsetAt(t, options);
  const auto local = floor<minutes>(t) + offset;
  const auto local_day = floor<days>(local);
  const auto today = floor<days>(floor<minutes>(now) + OffsetAt(now, options));
  const hh_mm_ss clock(local - local_day);
  char buffer[64];
  if (local_day == today) {
    std::snprintf(buffer, sizeof buffer, "%02d:%02d %s", static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()), OffsetText(offset).c_str());
    return buffer;
  }
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const year_month_day date(local_day);
  const weekday wd(local_day);
  std::snprintf(buffer, sizeof buffer, "%s %u %s %02d:%02d %s", kWeekdays[wd.c_encoding()],
                static_cast<unsigned>(date.day()), kMonths[static_cast<unsigned>(date.month()) - 1],
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                OffsetText(offset).c_str());
  return buffer;
}

std::string AgeText(Duration age) {
  long long s = std::max<long long>(0, age.count() / 1000);
  char buffer[32];
  if (s < 60) {
    std::snprintf(buffer, sizeof buffer, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lldm", s / 60);
  } else if (s < 86400) {
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lldd%lldh", s / 86400, s % 86400 / 3600);
  }
  return buffer;
}

}  // namespace evt::front
