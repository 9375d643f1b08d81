// The exact null distribution of the Wilcoxon rank-sum statistic W for
// samples of sizes m and n without ties, as R's pwilcox and qwilcox use it
// (nmath/wilcox.c): W counts the pairs (x_i, y_j) with x_i > y_j, so it runs
// from 0 to m·n, and each value's count of rank arrangements is kept as a
// double, as R keeps it.
#pragma once

#include <vector>

namespace evt {

class WilcoxonDistribution {
 public:
  // REQUIRES: m >= 1, n >= 1. Costs O((m·n)²/2) additions: R uses it below
  // 50 per side (rank_sum_test.h), where that is at most a few million.
  WilcoxonDistribution(int m, int n);

  // P(W <= q), R's pwilcox(q, m, n); q is rounded down as R rounds it.
  double LowerTail(double q) const;
  // P(W > q), R's pwilcox(q, m, n, lower.tail = FALSE).
  double UpperTail(double q) const;
  // The smallest q with P(W <= q) >= p, R's qwilcox(p, m, n).
  double Quantile(double p) const;

 private:
  int m_;
  int n_;
  double arrangements_;         // choose(m + n, n)
  std::vector<double> counts_;  // counts_[w]: arrangements with W = w
};

}  // namespace evt
