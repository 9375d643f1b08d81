#include "common/brent_root.h"

#include <cfloat>
#include <cmath>

namespace evt {

namespace {

// Brent's step: inverse quadratic (or linear) interpolation when it falls
// well inside [b, c] and shrinks faster than bisection would, else bisection.
double NextStep(double a, double b, double c, double fa, double fb, double fc, double prev_step, double tol_act) {
  double new_step = (c - b) / 2;
  if (std::fabs(prev_step) >= tol_act && std::fabs(fa) > std::fabs(fb)) {
    const double cb = c - b;
    double p;
    double q;
    if (a == c) {
      const double t1 = fb / fa;
      p = cb * t1;
      q = 1.0 - t1;
    } else {
      q = fa / fc;
      const double t1 = fb / fc;
      const double t2 = fb / fa;
      p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
      q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
    }
    if (p > 0) {
      q = -q;
    } else {
      p = -p;
    }
    if (p < (0.75 * cb * q - std::fabs(tol_act * q) / 2) && p < std::fabs(prev_step * q / 2)) new_step = p / q;
  }
  if (std::fabs(new_step) < tol_act) new_step = new_step > 0 ? tol_act : -tol_act;
  return new_step;
}

}  // namespace

double BrentRoot(const BrentRootSearch& search, const std::function<double(double)>& f) {
  double a = search.lower;
  double b = search.upper;
  double fa = search.f_lower;
  double fb = search.f_upper;
  double c = a;
  double fc = fa;
  if (fa == 0.0) return a;
  if (fb == 0.0) return b;
  for (int left = search.max_iterations + 1; left > 0; --left) {
    const double prev_step = b - a;
    if (std::fabs(fc) < std::fabs(fb)) {  // b is to be the best approximation
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol_act = 2 * DBL_EPSILON * std::fabs(b) + search.tolerance / 2;
    if (std::fabs((c - b) / 2) <= tol_act || fb == 0.0) return b;
    const double new_step = NextStep(a, b, c, fa, fb, fc, prev_step, tol_act);
    a = b;
    fa = fb;
    b += new_step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {  // keep the root between b and c
      c = a;
      fc = fa;
    }
  }
  return b;
}

}  // namespace evt
