#include "tools/price/weekly_window.h"

#include <array>
#include <exception>

#include <date/tz.h>

namespace evt::price {

bool IsOpen(const WeeklyWindow& window, const date::time_zone& zone, TimePoint t) {
  auto local = zone.to_local(t);
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

Result<const date::time_zone*> LocateZone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception& e) {
    return Status::DataErr("\"" + name + "\" is not a time zone of the tz database (" + e.what() + ")");
  }
}

}  // namespace evt::price
