#include "tools/price/weekly_window.h"

#include <array>

#include <date/date.h>

namespace evt::price {

bool IsOpen(const WeeklyWindow& window, const TimeZone& zone, TimePoint t) {
  // The local wall-clock time, held as if it were UTC for the calendar.
  TimePoint local = t + zone.UtcOffset(t);
  auto local_day = date::floor<date::days>(local);
  int minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - local_day).count());
  unsigned today = date::weekday(local_day).c_encoding();
  unsigned yesterday = (today + 6) % 7;
  bool crosses_midnight = window.until_minute <= window.from_minute;
  bool opened_today = (window.days >> today & 1u) && minute >= window.from_minute &&
                      (crosses_midnight || minute < window.until_minute);
  bool still_open_from_yesterday = crosses_midnight && (window.days >> yesterday & 1u) && minute < window.until_minute;
  return opened_today || still_open_from_yesterday;
}

std::optional<unsigned> WeekdayNamed(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (unsigned d = 0; d < kNames.size(); ++d) {
    if (kNames[d] == name) return d;
  }
  return std::nullopt;
}

std::optional<int> MinuteOfDay(std::string_view text) {
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return std::nullopt;
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

Result<const TimeZone*> LocateZone(const std::string& name) { return CachedTimeZone(name); }

}  // namespace evt::price
