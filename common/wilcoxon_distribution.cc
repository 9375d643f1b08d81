#include "common/wilcoxon_distribution.h"

#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstddef>

namespace evt {

namespace {

// counts[w] for W over samples of sizes m and n, by R's cwilcox recursion:
// the largest of the m + n values is either an x, which beats all n y's
// (f(m-1, n) shifted by n), or a y, which beats nothing (f(m, n-1)). Built
// up one x at a time, so each table is computed once.
std::vector<double> ArrangementCounts(int m, int n) {
  // by_n[j]: the counts for the current number of x's and j y's.
  std::vector<std::vector<double>> by_n(static_cast<std::size_t>(n) + 1, std::vector<double>{1.0});
  for (int i = 1; i <= m; ++i) {
    std::vector<std::vector<double>> next(static_cast<std::size_t>(n) + 1);
    next[0] = {1.0};
    for (int j = 1; j <= n; ++j) {
      std::vector<double> counts(static_cast<std::size_t>(i) * j + 1, 0.0);
      const std::vector<double>& fewer_x = by_n[j];   // f(i-1, j), shifted by j
      const std::vector<double>& fewer_y = next[j - 1];  // f(i, j-1)
      for (std::size_t w = 0; w < fewer_x.size(); ++w) counts[w + j] += fewer_x[w];
      for (std::size_t w = 0; w < fewer_y.size(); ++w) counts[w] += fewer_y[w];
      next[j] = std::move(counts);
    }
    by_n = std::move(next);
  }
  return std::move(by_n[n]);
}

// R's choose(m + n, n) for the sizes R's exact test admits; the product
// is exact to a few units in the last place, which is all R's is.
double Choose(int total, int k) {
  if (total - k < k) k = total - k;
  double r = 1;
  for (int j = 1; j <= k; ++j) r = r * (total - k + j) / j;
  return std::round(r);
}

}  // namespace

WilcoxonDistribution::WilcoxonDistribution(int m, int n)
    : m_(m), n_(n), arrangements_(Choose(m + n, n)), counts_(ArrangementCounts(m, n)) {
  assert(m >= 1 && n >= 1);
}

double WilcoxonDistribution::LowerTail(double q) const {
  q = std::floor(q + 1e-7);
  const double mn = static_cast<double>(m_) * n_;
  if (q < 0) return 0;
  if (q >= mn) return 1;
  // R sums the shorter side and complements: the same order of additions.
  double p = 0;
  if (q <= mn / 2) {
    for (int w = 0; w <= q; ++w) p += counts_[w] / arrangements_;
    return p;
  }
  const double upper = mn - q;
  for (int w = 0; w < upper; ++w) p += counts_[w] / arrangements_;
  return 1 - p;
}

double WilcoxonDistribution::UpperTail(double q) const {
  q = std::floor(q + 1e-7);
  const double mn = static_cast<double>(m_) * n_;
  if (q < 0) return 1;
  if (q >= mn) return 0;
  double p = 0;
  if (q <= mn / 2) {
    for (int w = 0; w <= q; ++w) p += counts_[w] / arrangements_;
    return 1 - p;
  }
  const double upper = mn - q;
  for (int w = 0; w < upper; ++w) p += counts_[w] / arrangements_;
  return p;
}

double WilcoxonDistribution::Quantile(double p) const {
  const double mn = static_cast<double>(m_) * n_;
  if (p <= 0) return 0;
  if (p >= 1) return mn;
  double cumulative = 0;
  int w = 0;
  if (p <= 0.5) {
    p -= 10 * DBL_EPSILON;
    for (; w + 1 < static_cast<int>(counts_.size()); ++w) {
      cumulative += counts_[w] / arrangements_;
      if (cumulative >= p) return w;
    }
    return mn;
  }
  p = 1 - p + 10 * DBL_EPSILON;
  for (; w + 1 < static_cast<int>(counts_.size()); ++w) {
    cumulative += counts_[w] / arrangements_;
    if (cumulative > p) return mn - w;
  }
  return 0;
}

}  // namespace evt
