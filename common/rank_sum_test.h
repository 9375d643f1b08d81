// The two-sample Wilcoxon rank-sum (Mann–Whitney) test with the
// Hodges–Lehmann shift and its confidence interval, computed as R computes
// wilcox.test(x, y, conf.int = TRUE, conf.level, correct = TRUE) (R 4.2,
// two-sided, mu = 0), so R can be the oracle (tests/cli/failover/
// canary_stats_r.sh):
//   - W is the rank sum of x minus n_x(n_x + 1)/2: the pairs with x_i > y_j,
//     ties counting one half.
//   - Exact (R's pwilcox/qwilcox) when n_x < 50, n_y < 50 and no two values
//     are equal: the p-value doubles the smaller tail; the estimate is the
//     median of the n_x·n_y differences x_i − y_j and the interval two of
//     those differences picked by qwilcox.
//   - Otherwise the normal approximation with the variance corrected for
//     ties and a continuity correction of 1/2; the estimate and the interval
//     are the roots of the standardized statistic as a function of the
//     shift, found by R's uniroot with its tolerance of 1e-4 (brent_root.h),
//     so they agree with R's to that tolerance.
// Where R has no answer, evt's rule (doc/design.md §19):
//   - every value equal (R: p-value NaN, the interval an error): p = 1,
//     estimate 0, interval [0, 0]: no evidence of a shift;
//   - x all one value and y all another (R: the interval an error, as its
//     search interval is a single point): the p-value of the normal
//     approximation, which R does give, and estimate and interval the one
//     difference x − y every pair has.
#pragma once

#include <span>

#include "common/status.h"

namespace evt {

enum class RankSumMethod {
  kExact,       // R's "Wilcoxon rank sum exact test"
  kNormal,      // "Wilcoxon rank sum test with continuity correction"
  kConstantSamples,  // each sample one value: the rule above, not R
};

struct RankSumResult {
  RankSumMethod method = RankSumMethod::kExact;
  double w = 0;
  double p_value = 1;   // two-sided
  double estimate = 0;  // Hodges–Lehmann "difference in location", x − y
  double conf_low = 0;
  double conf_high = 0;
};

// DataErr when a sample is empty, a value is not finite, or conf_level is
// not strictly between 0 and 1.
Result<RankSumResult> RankSumTest(std::span<const double> x, std::span<const double> y, double conf_level = 0.95);

}  // namespace evt
