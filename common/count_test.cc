#include "common/count_test.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>
#include <vector>

#include "common/normal_distribution.h"

namespace evt {

namespace {

// The hypergeometric probabilities of the table's top-left cell, each
// relative to the most likely one, built outwards from the mode by the
// ratio of neighbours: no factorial is ever formed, and the walk stops
// where the probabilities underflow to 0, so a table of millions of
// requests costs a window of a few thousand cells, not its whole support.
struct Hypergeometric {
  std::int64_t lo = 0;           // the first cell of the window
  std::vector<double> relative;  // relative[i]: P(lo + i) / P(mode); 0 outside
  double At(std::int64_t x) const {
    return x < lo || x - lo >= static_cast<std::int64_t>(relative.size()) ? 0.0
                                                                           : relative[static_cast<std::size_t>(x - lo)];
  }
};

Hypergeometric RelativeProbabilities(std::int64_t m, std::int64_t n, std::int64_t k) {
  const std::int64_t support_lo = std::max<std::int64_t>(0, k - n);
  const std::int64_t support_hi = std::min(k, m);
  // P(x+1)/P(x) = (m−x)(k−x) / ((x+1)(n−k+x+1)).
  auto ratio_up = [&](std::int64_t x) {
    return (static_cast<double>(m - x) * static_cast<double>(k - x)) /
           (static_cast<double>(x + 1) * static_cast<double>(n - k + x + 1));
  };
  const auto mode = std::clamp<std::int64_t>(
      static_cast<std::int64_t>(std::floor((static_cast<double>(k) + 1) * (static_cast<double>(m) + 1) /
                                           (static_cast<double>(m) + static_cast<double>(n) + 2))),
      support_lo, support_hi);
  std::vector<double> above = {1.0};  // mode, mode + 1, ...
  for (std::int64_t x = mode; x < support_hi && above.back() > 0; ++x) above.push_back(above.back() * ratio_up(x));
  std::vector<double> below;  // mode − 1, mode − 2, ...
  for (std::int64_t x = mode; x > support_lo && (below.empty() || below.back() > 0); --x) {
    below.push_back((below.empty() ? 1.0 : below.back()) / ratio_up(x - 1));
  }
  Hypergeometric h;
  h.lo = mode - static_cast<std::int64_t>(below.size());
  h.relative.assign(below.rbegin(), below.rend());
  h.relative.insert(h.relative.end(), above.begin(), above.end());
  return h;
}

Status CheckCounts(std::int64_t x, std::int64_t n, const char* side) {
  if (n < 1 || x < 0 || x > n) {
    return Status::DataErr(std::string("count test: ") + side + ": " + std::to_string(x) + " events among " +
                           std::to_string(n) + " trials (expected 0 <= events <= trials, trials >= 1)");
  }
  return Status::Ok();
}

}  // namespace

double FisherExactPValue(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  assert(a >= 0 && b >= 0 && c >= 0 && d >= 0);
  const std::int64_t m = a + b;  // the first column
  const std::int64_t n = c + d;
  const std::int64_t k = a + c;  // the first row
  const Hypergeometric h = RelativeProbabilities(m, n, k);
  // R: sum(d[d <= d[x - lo + 1] * relErr]) with relErr = 1 + 1e-7, so that
  // tables as likely as the observed one up to rounding all count.
  const double observed = h.At(a) * (1 + 1e-7);
  double total = 0;
  double as_extreme = 0;
  for (double p : h.relative) {
    total += p;
    if (p <= observed) as_extreme += p;
  }
  return std::min(1.0, as_extreme / total);
}

Result<ProportionDifference> DifferenceOfProportions(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                                     std::int64_t n2, double conf_level) {
  EVT_RETURN_IF_ERROR(CheckCounts(x1, n1, "first side"));
  EVT_RETURN_IF_ERROR(CheckCounts(x2, n2, "second side"));
  if (!(conf_level > 0 && conf_level < 1)) {
    return Status::DataErr("count test: conf_level " + std::to_string(conf_level) +
                           " is not strictly between 0 and 1");
  }
  // R's prop.test for k = 2, operation for operation.
  const double e1 = static_cast<double>(x1) / static_cast<double>(n1);
  const double e2 = static_cast<double>(x2) / static_cast<double>(n2);
  const double inverse_n = 1 / static_cast<double>(n1) + 1 / static_cast<double>(n2);
  const double delta = e1 - e2;
  const double yates = std::min(0.5, std::fabs(delta) / inverse_n);
  const double width = NormalQuantile((1 + conf_level) / 2) *
                           std::sqrt(e1 * (1 - e1) / static_cast<double>(n1) + e2 * (1 - e2) / static_cast<double>(n2)) +
                       yates * inverse_n;
  return ProportionDifference{delta, std::max(delta - width, -1.0), std::min(delta + width, 1.0)};
}

Result<CountTestResult> CountTest(std::int64_t x1, std::int64_t n1, std::int64_t x2, std::int64_t n2,
                                  double conf_level) {
  EVT_ASSIGN_OR_RETURN(ProportionDifference difference, DifferenceOfProportions(x1, n1, x2, n2, conf_level));
  return CountTestResult{FisherExactPValue(x1, n1 - x1, x2, n2 - x2), difference};
}

}  // namespace evt
