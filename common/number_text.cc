#include "common/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace evt {
namespace {

// Above this a fixed-point text would be a long run of digits that only
// pretend to be exact; such values keep ShortestText's exponent.
constexpr double kLargestFixed = 1e15;
// Below this a positional form is mostly zeros: 1e-07 reads better.
constexpr double kSmallestFixed = 1e-6;
// What an int64 of milliseconds holds, with room for rounding.
constexpr double kLargestMillis = 9.2e18;

std::string NonFinite(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

// A "-" before nothing but zeros (and the point) is a rounding artefact.
std::string WithoutNegativeZero(std::string text) {
  if (!text.empty() && text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

std::string Chars(double value, std::chars_format format, int precision) {
  char buffer[400];  // fixed 1e308 with 17 decimals still fits
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, format, precision);
  if (ec != std::errc()) return ShortestText(value);
  return WithoutNegativeZero(std::string(buffer, end));
}

std::string Padded2(std::uint64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// `count` of `unit` ms rounded half up, for a non-negative span.
std::uint64_t RoundedTo(std::uint64_t millis, std::uint64_t unit) { return (millis + unit / 2) / unit; }

std::string UnsignedDurationText(std::uint64_t ms) {
  constexpr std::uint64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;
  if (ms == 0) return "0s";
  if (ms < kSecond) return std::to_string(ms) + "ms";
  if (std::uint64_t tenths = RoundedTo(ms, 100); tenths < 600) {
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "s";
  }
  if (std::uint64_t seconds = RoundedTo(ms, kSecond); seconds < 3600) {
    return std::to_string(seconds / 60) + "m" + Padded2(seconds % 60) + "s";
  }
  if (std::uint64_t minutes = RoundedTo(ms, kMinute); minutes < 24 * 60) {
    return std::to_string(minutes / 60) + "h" + Padded2(minutes % 60) + "m";
  }
  std::uint64_t hours = RoundedTo(ms, kHour);
  return std::to_string(hours / 24) + "d" + Padded2(hours % 24) + "h";
}

}  // namespace

std::string ShortestText(double value) {
  if (!std::isfinite(value)) return NonFinite(value);
  if (value == 0) return "0";
  // to_chars' own choice is whichever form is shorter, which writes a Unix
  // time as 1.7e+09 and a slip as 5e-04; people (and promtool diffs) read the
  // positional form, so it is used wherever it stays short enough to scan.
  const double magnitude = std::fabs(value);
  const std::chars_format format =
      magnitude >= kSmallestFixed && magnitude < kLargestFixed ? std::chars_format::fixed : std::chars_format::general;
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

double MillisAsSeconds(double millis) { return std::round(millis * 1000.0) / 1e6; }

std::string FixedText(double value, int decimals) {
  if (!std::isfinite(value)) return NonFinite(value);
  if (decimals < 0) decimals = 0;
  if (decimals > 17) decimals = 17;
  return Chars(value, std::chars_format::fixed, decimals);
}

std::string SignificantText(double value, int digits) {
  if (!std::isfinite(value)) return NonFinite(value);
  if (digits < 1) digits = 1;
  if (digits > 17) digits = 17;
  const double magnitude = std::fabs(value);
  if (magnitude >= std::pow(10.0, digits) && magnitude < kLargestFixed) return FixedText(value, 0);
  return Chars(value, std::chars_format::general, digits);
}

std::string PercentText(double ratio, int decimals) { return FixedText(ratio * 100, decimals) + "%"; }

std::string ThreeDigitText(double value) {
  const double magnitude = std::fabs(value);
  // Decide on the rounded value: 9.996 is "10.0", not "10.00".
  if (std::round(magnitude * 100) < 1000) return FixedText(value, 2);
  if (std::round(magnitude * 10) < 1000) return FixedText(value, 1);
  return FixedText(value, 0);
}

std::string DurationText(std::chrono::milliseconds span) {
  const std::int64_t count = span.count();
  // Negated as unsigned: -INT64_MIN does not fit an int64.
  const std::uint64_t magnitude =
      count < 0 ? 0 - static_cast<std::uint64_t>(count) : static_cast<std::uint64_t>(count);
  return (count < 0 ? "-" : "") + UnsignedDurationText(magnitude);
}

std::string MillisDurationText(double millis) {
  if (!std::isfinite(millis) || std::fabs(millis) > kLargestMillis) return ShortestText(millis);
  return DurationText(std::chrono::milliseconds(std::llround(millis)));
}

std::string SecondsDurationText(double seconds) {
  if (!std::isfinite(seconds)) return ShortestText(seconds);
  return MillisDurationText(seconds * 1000);
}

}  // namespace evt
