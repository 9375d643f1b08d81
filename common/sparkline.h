// Small pictures made of block characters, for tables on a terminal: a
// sparkline of a series ("▁▃▇█▅") and a horizontal bar of a fraction.
#pragma once

#include <optional>
#include <span>
#include <string>

namespace evt {

// One block per value, from "▁" (the minimum) to "█" (the maximum). The
// scale is `min`..`max` where given (a NaN or infinite bound counts as not
// given), else the smallest and largest finite values; min > max are
// swapped. Values outside the scale are clamped to it; +inf draws "█" and
// -inf "▁". A missing value (NaN) draws a space, keeping the time axis. When
// the scale is one point (a constant series) every finite value draws the
// middle block "▄". Empty input gives "".
std::string Sparkline(std::span<const double> values, std::optional<double> min = std::nullopt,
                      std::optional<double> max = std::nullopt);

// Exactly `width` columns: `fraction` of them filled with "█" and the last
// partial column with an eighth block ("▏▎▍▌▋▊▉"), the rest spaces.
// `fraction` is clamped to 0..1; NaN gives an empty (all spaces) bar.
// "" when width <= 0.
std::string Bar(double fraction, int width);

}  // namespace evt
