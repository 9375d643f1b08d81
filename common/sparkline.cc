#include "common/sparkline.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

namespace evt {
namespace {

// Index i is the block i+1 eighths high.
constexpr std::string_view kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr int kLevelCount = 8;
constexpr std::string_view kMiddleLevel = "▄";
constexpr std::string_view kMissing = " ";

// Index i is a block i eighths wide; 0 is unused.
constexpr std::string_view kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
constexpr std::string_view kFull = "█";

struct Scale {
  double lo;
  double hi;
};

std::optional<double> UsableBound(std::optional<double> bound) {
  if (bound && !std::isfinite(*bound)) return std::nullopt;
  return bound;
}

// The finite extremes of the series; {+inf, -inf} when it has none.
Scale FiniteExtremes(std::span<const double> values) {
  Scale s{INFINITY, -INFINITY};
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    s.lo = std::min(s.lo, v);
    s.hi = std::max(s.hi, v);
  }
  return s;
}

// nullopt when the scale is a single point or there is nothing to scale by.
std::optional<Scale> ScaleFor(std::span<const double> values, std::optional<double> min,
                              std::optional<double> max) {
  const Scale data = FiniteExtremes(values);
  Scale s{UsableBound(min).value_or(data.lo), UsableBound(max).value_or(data.hi)};
  if (!std::isfinite(s.lo) || !std::isfinite(s.hi) || s.lo == s.hi) return std::nullopt;
  if (s.lo > s.hi) std::swap(s.lo, s.hi);
  return s;
}

std::string_view BlockFor(double v, const std::optional<Scale>& scale) {
  if (std::isnan(v)) return kMissing;
  if (std::isinf(v)) return v > 0 ? kLevels[kLevelCount - 1] : kLevels[0];
  if (!scale) return kMiddleLevel;
  const Scale& s = *scale;
  const double clamped = std::clamp(v, s.lo, s.hi);
  // Halving both sides keeps hi - lo finite even for bounds near ±DBL_MAX.
  const double position = (clamped / 2 - s.lo / 2) / (s.hi / 2 - s.lo / 2);
  const auto level = static_cast<int>(std::lround(position * (kLevelCount - 1)));
  return kLevels[std::clamp(level, 0, kLevelCount - 1)];
}

}  // namespace

std::string Sparkline(std::span<const double> values, std::optional<double> min, std::optional<double> max) {
  const std::optional<Scale> scale = ScaleFor(values, min, max);
  std::string out;
  for (double v : values) out.append(BlockFor(v, scale));
  return out;
}

std::string Bar(double fraction, int width) {
  if (width <= 0) return "";
  const double f = std::isnan(fraction) ? 0.0 : std::clamp(fraction, 0.0, 1.0);
  const long eighths = std::lround(f * width * 8);
  const long full = eighths / 8;
  const long partial = eighths % 8;
  std::string out;
  for (long i = 0; i < full; ++i) out.append(kFull);
  if (partial > 0) out.append(kEighths[partial]);
  const long used = full + (partial > 0 ? 1 : 0);
  out.append(static_cast<std::size_t>(width - used), ' ');
  return out;
}

}  // namespace evt
