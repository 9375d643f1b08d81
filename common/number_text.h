// Numbers and durations as people read them, and as Prometheus reads them:
// the one place every tool's tables, messages and exposition text get their
// digits from (doc/design.md §3.7), so 0.0075 never shows as
// 0.0074999999999999997, 123456789 never as 123456789.0, and nothing shows
// as -0.00. Records keep their own writer (common/json_writer.h), which
// also writes the shortest text that round-trips.
#pragma once

#include <chrono>
#include <string>

namespace evt {

// The shortest text that reads back as `value`: 0.0075, 123456789, 2.5,
// 1e+21, 1e-07. Zero is "0" whatever its sign. NaN is "NaN" and the
// infinities "+Inf" and "-Inf", as the Prometheus formats spell them, so
// the same text serves a table cell and a sample value.
std::string ShortestText(double value);

// Milliseconds as seconds, to the microsecond: 131.7 ms is 0.1317 s, where
// dividing by 1000 gives 0.13169999999999998, which ShortestText would show.
double MillisAsSeconds(double millis);

// `value` rounded to `decimals` places (0..17): "0.50", "12", "-3.1". A
// value that rounds to zero has no sign: never "-0.00" or "-0". NaN and the
// infinities as ShortestText writes them.
std::string FixedText(double value, int decimals);

// `value` to `digits` significant digits (1..17), trailing zeros dropped:
// 0.001235, 1.5, 12350 (a number with more whole digits than `digits` is
// rounded to a whole number, not written with an exponent, up to 1e15).
// No "-0"; NaN and the infinities as ShortestText writes them.
std::string SignificantText(double value, int digits);

// A ratio (0..1) as a percentage with `decimals` places: 0.125 -> "13%"
// (decimals 0), "12.5%" (decimals 1). Never "-0%".
std::string PercentText(double ratio, int decimals = 0);

// A measured value whose size varies (milliseconds of latency, a rate) at
// about three significant digits without an exponent: two decimals under
// 10, one under 100, none from 100: 0.42, 12.3, 1234.
std::string ThreeDigitText(double value);

// A span of time as people write it, in at most two units, rounded to the
// smaller of them: "0s", "250ms", "10.0s" (tenths under a minute), "1m57s",
// "2h05m", "3d04h". Rounding carries into the larger unit, so 59.96 s is
// "1m00s", not "60.0s". A negative span has a leading "-". Unlike
// FormatDuration (common/duration.h), which config and rules read back
// exactly, this is for tables and messages about measured spans.
std::string DurationText(std::chrono::milliseconds span);

// As DurationText, for a span measured in fractional milliseconds or
// seconds (NaN and the infinities as ShortestText writes them).
std::string MillisDurationText(double millis);
std::string SecondsDurationText(double seconds);

}  // namespace evt
