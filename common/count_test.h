// Two counts of events among trials compared, as R compares them, so R can
// be the oracle (tests/cli/failover/canary_stats_r.sh):
//   - Fisher's exact test, two-sided: R's fisher.test(matrix(c(a, b, c, d),
//     2))$p.value, the total probability of the tables with the observed
//     margins that are no more likely than the observed one (R's relative
//     fuzz of 1e-7 included).
//   - The difference of the two proportions with the Wald interval and
//     Yates' continuity correction: R's prop.test(c(x1, x2), c(n1, n2),
//     correct = TRUE)$estimate difference and $conf.int. Chosen over
//     Newcombe's score interval because it is what R prints by default for
//     two proportions; it is only reported, never what decides.
#pragma once

#include <cstdint>

#include "common/status.h"

namespace evt {

// The 2×2 table in R's column order: matrix(c(a, b, c, d), 2) has a and b
// in its first column. REQUIRES: every count >= 0.
double FisherExactPValue(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d);

struct ProportionDifference {
  double estimate = 0;  // x1/n1 − x2/n2
  double conf_low = 0;
  double conf_high = 0;
};

// DataErr unless 0 <= x <= n and n >= 1 on both sides and 0 < conf_level < 1.
Result<ProportionDifference> DifferenceOfProportions(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                                     std::int64_t n2, double conf_level = 0.95);

struct CountTestResult {
  double p_value = 1;  // Fisher, two-sided
  ProportionDifference difference;
};

// Events x1 of n1 trials against x2 of n2: Fisher's p-value on the table
// (events, non-events) by side, and the difference of proportions.
Result<CountTestResult> CountTest(std::int64_t x1, std::int64_t n1, std::int64_t x2, std::int64_t n2,
                                  double conf_level = 0.95);

}  // namespace evt
