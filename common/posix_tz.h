// The TZ string of a TZif footer (RFC 8536 3.3): a standard time with its
// UTC offset and, optionally, a daylight-saving time with the yearly rules
// that switch between them, e.g. "CET-1CEST,M3.5.0,M10.5.0/3". It tells the
// offset for instants after a zone file's last transition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt {

class PosixTz {
 public:
  // Names are alphabetic or <quoted>; offsets [+-]hh[:mm[:ss]] west of UTC
  // as POSIX writes them; rules Jn (1..365, no Feb 29), n (0..365) or
  // Mm.w.d, each with an optional /time of -167..167 hours (RFC 8536 3.3.1).
  // DataErr (without location: the caller adds it) when `text` is none.
  static Result<PosixTz> Parse(std::string_view text);

  // The UTC offset in seconds (east positive) at `utc_seconds` since the epoch.
  std::int32_t UtcOffsetAt(std::int64_t utc_seconds) const;

  struct Rule {
    enum class Kind { kJulianNoLeap, kZeroBasedDay, kMonthWeekDay };
    Kind kind = Kind::kMonthWeekDay;
    int day = 0;  // Jn: 1..365; n: 0..365
    int month = 0, week = 0, weekday = 0;  // Mm.w.d
    std::int32_t time = 2 * 3600;  // local time of day of the change, seconds
  };

 private:
  std::int32_t std_offset_ = 0;  // east of UTC, seconds
  bool has_dst_ = false;
  std::int32_t dst_offset_ = 0;
  Rule start_;  // into daylight-saving time, in standard local time
  Rule end_;    // back to standard time, in daylight-saving local time
};

}  // namespace evt
