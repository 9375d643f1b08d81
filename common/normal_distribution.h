// The standard normal distribution's tails and quantile, for the tests in
// rank_sum_test.h and count_test.h. R is the reference they are checked
// against (tests/cli/failover/canary_stats_r.sh): the values agree with
// pnorm and qnorm to a few units in the last place, not bit for bit.
#pragma once

namespace evt {

// P(Z <= z), accurate in the lower tail (erfc, not 1 - erf).
double NormalLowerTail(double z);
// P(Z > z).
double NormalUpperTail(double z);
// z such that P(Z <= z) = p. REQUIRES: 0 < p < 1.
double NormalQuantile(double p);

}  // namespace evt
