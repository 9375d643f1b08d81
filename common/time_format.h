// Instants as records and config write them: RFC 3339 (section 5.6
// date-time), in milliseconds. Records always carry UTC with a "Z"; config
// may use any offset.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

// "2026-11-23T08:00:00.123Z": UTC, always three fractional digits, the form
// of every record's "ts".
// REQUIRES: t within 0000-01-01T00:00:00.000Z..9999-12-31T23:59:59.999Z
// (everything ParseRfc3339 returns is); an instant outside is clamped to
// the nearer end, because a four-digit year is all the format can hold.
std::string FormatRfc3339(TimePoint t);

// Parses an RFC 3339 date-time such as "2026-12-05T10:00:00+01:00" and
// returns the UTC instant it names.
// - The date and time are separated by "T" or "t"; a space is refused.
// - Fractional seconds may have any number of digits; digits beyond the
//   millisecond are truncated (toward the past), never rounded.
// - The zone is "Z", "z" or an offset "+hh:mm"/"-hh:mm" (hh 00..23, mm
//   00..59); "-00:00" means UTC.
// - Second 60 (a leap second) is accepted at any minute and read as
//   hh:mm:59.999 of that minute: without a leap-second table we cannot
//   check it, and refusing a timestamp from a correct clock would be worse.
// - Years are 0000..9999, and so must be the resulting UTC instant.
// Fails with DataErr: "\"2026-13-01T00:00:00Z\": month 13 out of range 01..12".
// Callers add where the text came from with Status::Prefixed.
Result<TimePoint> ParseRfc3339(std::string_view text);

}  // namespace evt
