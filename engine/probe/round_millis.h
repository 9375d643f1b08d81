// Milliseconds as records and messages show them: rounded to microseconds,
// so they never print 12.345000000000001. Shared by evt-probe's records and
// the flow engine's messages, which must agree on the figure.
#pragma once

#include <cmath>

namespace evt::probe {

inline double RoundMillis(double ms) { return std::round(ms * 1000.0) / 1000.0; }

}  // namespace evt::probe
