// Recurring validity windows such as "Fri-Sat 18:00-02:00 in Europe/Berlin":
// happy hours. Times are wall-clock times in the window's zone, so a window
// keeps its local hours across daylight-saving changes: on the night the
// clocks go back the repeated hour is inside the window twice, and on the
// night they go forward the skipped hour never comes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time_format.h"
#include "common/time_zone.h"

namespace evt::price {

struct WeeklyWindow {
  unsigned days = 0;     // bit d set: opens on weekday d (0 Sunday .. 6 Saturday)
  int from_minute = 0;   // minutes after local midnight the window opens
  int until_minute = 0;  // closes at; <= from_minute means the next day
};

// Whether `window` is open at `t` in `zone`: open from `from` on each listed
// day to the next `until` (the same day, or the next when until <= from).
bool IsOpen(const WeeklyWindow& window, const TimeZone& zone, TimePoint t);

// "mon".."sun" -> 1..6, 0; nullopt otherwise.
std::optional<unsigned> WeekdayNamed(std::string_view name);
// "18:00" -> 1080; "24:00" is refused (write "00:00"). nullopt when malformed.
std::optional<int> MinuteOfDay(std::string_view text);

// The zone named `name` in the system's tz database (tzdata, $TZDIR),
// loaded once per process, or DataErr.
Result<const TimeZone*> LocateZone(const std::string& name);

}  // namespace evt::price
