// A root of a function on an interval by Brent's method, step for step as
// R's uniroot finds it (R_zeroin2 in src/library/stats/src/zeroin.c), so a
// statistic that R defines through uniroot (the Hodges–Lehmann estimate and
// interval of wilcox.test's normal approximation) comes out where R's does.
#pragma once

#include <functional>

namespace evt {

struct BrentRootSearch {
  double lower = 0;
  double upper = 0;
  double f_lower = 0;  // f(lower), already known to the caller as in uniroot
  double f_upper = 0;
  double tolerance = 1e-4;
  int max_iterations = 1000;
};

// REQUIRES: f_lower and f_upper do not have the same sign. Returns the last
// approximation when max_iterations run out, as R does (with a warning).
double BrentRoot(const BrentRootSearch& search, const std::function<double(double)>& f);

}  // namespace evt
