// Turning a z (a deviation in units of the usual spread) into a score in
// [0, 1]: z^2 / (z^2 + 9). A score of 0.5 is z = 3, 0.9 is z = 9, 0.99 is
// z = 30. A normal tail probability would say 1.0 for every z past 8, and
// a series whose spread is near zero (NAB's flat artificial files, a
// loopback latency) produces such z for every change, large or small; this
// keeps them ordered, so a threshold still tells a blip from an outage.
#pragma once

#include <cmath>

namespace evt::detect {

inline constexpr double kHalfScoreZ = 3;

inline double ScoreOfZ(double z) {
  if (std::isnan(z)) return 0;
  if (!(std::abs(z) < 1e100)) return 1;  // z * z would overflow
  double z2 = z * z;
  return z2 / (z2 + kHalfScoreZ * kHalfScoreZ);
}

// The spread below which a series counts as flat: a small fraction of its
// level, so a constant series is not divided by zero.
inline double SpreadFloor(double level) { return 1e-9 * std::abs(level) + 1e-12; }

}  // namespace evt::detect
