// Durations as config writes them: a number with a unit ("500ms", "2s",
// "15m"). Records carry milliseconds as numbers instead (*_ms fields).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evt {

using Duration = std::chrono::milliseconds;

// Parses one or more number+unit parts, largest unit first, each unit at
// most once: "500ms", "2s", "15m", "1h", "1d", "1h30m", "1m30s500ms", "0s".
// Units: ms, s, m, h, d (a day is 24h). A part may have a decimal fraction
// ("1.5s", "0.25h") as long as the total is a whole number of milliseconds.
// Refused, with DataErr "\"<text>\": <why>": empty text, a sign, spaces, a
// number without a unit ("expected a unit: ms, s, m, h or d"), an unknown
// unit, units out of order or repeated, a fraction finer than 1ms, and
// totals beyond what Duration holds.
// Callers add where the text came from with Status::Prefixed.
Result<Duration> ParseDuration(std::string_view text);

// The canonical spelling: the parts from d down to ms, zero parts left
// out, so 90s -> "1m30s", 1500ms -> "1s500ms", 0 -> "0s". ParseDuration
// reads it back to the same value. A negative duration is written with a
// leading "-", which ParseDuration refuses.
std::string FormatDuration(Duration d);

}  // namespace evt
