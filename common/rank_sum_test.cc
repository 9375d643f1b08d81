#include "common/rank_sum_test.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "common/brent_root.h"
#include "common/normal_distribution.h"
#include "common/wilcoxon_distribution.h"

namespace evt {

namespace {

// R's bounds for the exact distribution (wilcox.test's `exact = NULL`).
constexpr std::size_t kExactBelow = 50;
// uniroot's tolerance in wilcox.test (its `tol.root`).
constexpr double kRootTolerance = 1e-4;

// The ranks of x shifted by `shift` among y, as R's rank() gives them
// (ties share their average rank): what W and its variance need. Both
// samples come sorted, and subtracting a shift keeps x's order, so one
// merge ranks them: the root search evaluates this some 40 times.
struct RankSums {
  double x_rank_sum = 0;
  double tie_term = 0;  // sum over groups of equal values of t³ − t
  bool tied = false;
};

RankSums RankShiftedX(const std::vector<double>& sorted_x, const std::vector<double>& sorted_y, double shift) {
  RankSums sums;
  std::size_t i = 0;
  std::size_t j = 0;
  double ranked = 0;  // values ranked so far
  while (i < sorted_x.size() || j < sorted_y.size()) {
    const double next = j == sorted_y.size()   ? sorted_x[i] - shift
                        : i == sorted_x.size() ? sorted_y[j]
                                               : std::min(sorted_x[i] - shift, sorted_y[j]);
    double from_x = 0;
    double from_y = 0;
    for (; i < sorted_x.size() && sorted_x[i] - shift == next; ++i) ++from_x;
    for (; j < sorted_y.size() && sorted_y[j] == next; ++j) ++from_y;
    const double t = from_x + from_y;
    const double rank = ((ranked + 1) + (ranked + t)) / 2;
    sums.x_rank_sum += from_x * rank;
    sums.tie_term += t * t * t - t;
    sums.tied = sums.tied || t > 1;
    ranked += t;
  }
  return sums;
}

std::vector<double> Sorted(std::span<const double> values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// R's z for the normal approximation at a shift, with the same operations
// in the same order, so the root search visits R's points.
class StandardizedW {
 public:
  StandardizedW(std::span<const double> x, std::span<const double> y)
      : x_(Sorted(x)), y_(Sorted(y)), nx_(static_cast<double>(x.size())), ny_(static_cast<double>(y.size())) {}

  double operator()(double shift, bool continuity_correction) const {
    const RankSums sums = RankShiftedX(x_, y_, shift);
    const double dz = sums.x_rank_sum - nx_ * (nx_ + 1) / 2 - nx_ * ny_ / 2;
    const double correction = continuity_correction ? Sign(dz) * 0.5 : 0;
    return (dz - correction) / Sigma(sums.tie_term);
  }

  double Sigma(double tie_term) const {
    return std::sqrt((nx_ * ny_ / 12) * ((nx_ + ny_ + 1) - tie_term / ((nx_ + ny_) * (nx_ + ny_ - 1))));
  }

 private:
  static double Sign(double v) { return v > 0 ? 1 : (v < 0 ? -1 : 0); }

  std::vector<double> x_;
  std::vector<double> y_;
  double nx_;
  double ny_;
};

std::vector<double> SortedDifferences(std::span<const double> x, std::span<const double> y) {
  std::vector<double> diffs;
  diffs.reserve(x.size() * y.size());
  for (double xi : x) {
    for (double yj : y) diffs.push_back(xi - yj);
  }
  std::sort(diffs.begin(), diffs.end());
  return diffs;
}

double Median(const std::vector<double>& sorted) {
  const std::size_t half = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

void ExactTest(std::span<const double> x, std::span<const double> y, double conf_level, RankSumResult& r) {
  const WilcoxonDistribution null(static_cast<int>(x.size()), static_cast<int>(y.size()));
  const double mn = static_cast<double>(x.size()) * static_cast<double>(y.size());
  const double tail = r.w > mn / 2 ? null.UpperTail(r.w - 1) : null.LowerTail(r.w);
  r.method = RankSumMethod::kExact;
  r.p_value = std::min(2 * tail, 1.0);
  const std::vector<double> diffs = SortedDifferences(x, y);
  double qu = null.Quantile((1 - conf_level) / 2);
  if (qu == 0) qu = 1;
  const double ql = mn - qu;
  r.conf_low = diffs[static_cast<std::size_t>(qu) - 1];  // R's diffs[qu], 1-based
  r.conf_high = diffs[static_cast<std::size_t>(ql)];      // R's diffs[ql + 1]
  r.estimate = Median(diffs);
}

void NormalTest(std::span<const double> x, std::span<const double> y, double conf_level, const RankSums& ranks,
                RankSumResult& r) {
  const StandardizedW z_at(x, y);
  const double mn = static_cast<double>(x.size()) * static_cast<double>(y.size());
  const double centred = r.w - mn / 2;
  const double correction = centred > 0 ? 0.5 : (centred < 0 ? -0.5 : 0);
  const double z = (centred - correction) / z_at.Sigma(ranks.tie_term);
  r.method = RankSumMethod::kNormal;
  r.p_value = 2 * std::min(NormalLowerTail(z), NormalUpperTail(z));

  const double mumin = *std::min_element(x.begin(), x.end()) - *std::max_element(y.begin(), y.end());
  const double mumax = *std::max_element(x.begin(), x.end()) - *std::min_element(y.begin(), y.end());
  const double z_mumin = z_at(mumin, true);
  const double z_mumax = z_at(mumax, true);
  // R's root(): an end of the search interval when the root lies beyond it.
  auto shift_where_z_is = [&](double zq) {
    if (z_mumin - zq <= 0) return mumin;
    if (z_mumax - zq >= 0) return mumax;
    return BrentRoot({mumin, mumax, z_mumin - zq, z_mumax - zq, kRootTolerance, 1000},
                     [&](double d) { return z_at(d, true) - zq; });
  };
  const double zq = NormalQuantile((1 - conf_level) / 2);
  r.conf_low = shift_where_z_is(-zq);
  r.conf_high = shift_where_z_is(zq);
  // The estimate: the shift where z without the correction is 0.
  r.estimate = BrentRoot({mumin, mumax, z_at(mumin, false), z_at(mumax, false), kRootTolerance, 1000},
                         [&](double d) { return z_at(d, false); });
}

bool AllEqual(std::span<const double> v) {
  return std::all_of(v.begin(), v.end(), [&](double e) { return e == v.front(); });
}

// The rule where R has none (see the header): each sample a single value.
void ConstantSamples(std::span<const double> x, std::span<const double> y, const RankSums& ranks,
                     RankSumResult& r) {
  const double difference = x.front() - y.front();
  r.method = RankSumMethod::kConstantSamples;
  r.estimate = r.conf_low = r.conf_high = difference;
  if (difference == 0) {
    r.p_value = 1;
    return;
  }
  const StandardizedW z_at(x, y);
  const double mn = static_cast<double>(x.size()) * static_cast<double>(y.size());
  const double centred = r.w - mn / 2;
  const double z = (centred - (centred > 0 ? 0.5 : -0.5)) / z_at.Sigma(ranks.tie_term);
  r.p_value = 2 * std::min(NormalLowerTail(z), NormalUpperTail(z));
}

Status CheckSample(std::span<const double> sample, const char* name) {
  if (sample.empty()) return Status::DataErr(std::string("rank-sum test: the ") + name + " sample is empty");
  for (std::size_t i = 0; i < sample.size(); ++i) {
    if (!std::isfinite(sample[i])) {
      return Status::DataErr(std::string("rank-sum test: ") + name + "[" + std::to_string(i) +
                             "] is not a finite number");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<RankSumResult> RankSumTest(std::span<const double> x, std::span<const double> y, double conf_level) {
  EVT_RETURN_IF_ERROR(CheckSample(x, "x"));
  EVT_RETURN_IF_ERROR(CheckSample(y, "y"));
  if (!(conf_level > 0 && conf_level < 1)) {
    return Status::DataErr("rank-sum test: conf_level " + std::to_string(conf_level) +
                           " is not strictly between 0 and 1");
  }
  const RankSums ranks = RankShiftedX(Sorted(x), Sorted(y), 0);
  const double nx = static_cast<double>(x.size());
  RankSumResult r;
  r.w = ranks.x_rank_sum - nx * (nx + 1) / 2;
  if (x.size() < kExactBelow && y.size() < kExactBelow && !ranks.tied) {
    ExactTest(x, y, conf_level, r);
  } else if (AllEqual(x) && AllEqual(y)) {
    ConstantSamples(x, y, ranks, r);
  } else {
    NormalTest(x, y, conf_level, ranks, r);
  }
  return r;
}

}  // namespace evt
