// NAB's timestamps: "YYYY-MM-DD HH:MM:SS" in the data and result files,
// "YYYY-MM-DD HH:MM:SS.ffffff" in the label files. NAB compares them as
// naive datetimes; we turn them into seconds since the epoch as if UTC,
// which keeps that comparison and its order.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace evt::nab {

// Seconds since 1970-01-01 00:00:00, or nullopt when `text` is not one of
// the two forms above, names no real date or time, or has a fraction other
// than zero (NAB's corpus has none; a non-zero one would not survive the
// whole-second comparison).
std::optional<std::int64_t> ParseNabTimestamp(std::string_view text);

}  // namespace evt::nab
