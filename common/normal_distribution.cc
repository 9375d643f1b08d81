#include "common/normal_distribution.h"

#include <cassert>
#include <cmath>
#include <numbers>

namespace evt {

namespace {

// Acklam's rational approximation (relative error below 1.2e-9): a start
// close enough that Newton's steps below reach full double precision.
double ApproximateQuantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (p < kLow || p > 1 - kLow) {
    const double q = std::sqrt(-2 * std::log(p < kLow ? p : 1 - p));
    const double tail = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < kLow ? tail : -tail;
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double Density(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }

}  // namespace

double NormalLowerTail(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::numbers::sqrt2); }

double NormalQuantile(double p) {
  assert(p > 0 && p < 1);
  // Newton on the tail that is not close to 1, so the residual keeps its
  // relative precision far out in either tail.
  double z = ApproximateQuantile(p);
  for (int step = 0; step < 3; ++step) {
    const double residual = p < 0.5 ? NormalLowerTail(z) - p : (1 - p) - NormalUpperTail(z);
    z -= residual / Density(z);
  }
  return z;
}

}  // namespace evt
