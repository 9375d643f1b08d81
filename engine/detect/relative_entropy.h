// relative_entropy: Wang et al., "Statistical techniques for online anomaly
// detection in data centers" (HP Labs, 2011), as NAB runs it: the last
// `window` samples quantised into `bins` bins make a histogram; it is
// tested against the histograms seen before (multinomial goodness of fit:
// 2 * window * KL below the chi-square quantile at `significance`). A window
// that matches none, or matches one seen only once, scores 1; else 0.
//
// Honest about streaming: NAB quantises over the whole file's min and max;
// this quantises over the min and max seen so far, so a value beyond every
// earlier one lands in the outer bin and the window's histogram is new. The
// hypotheses are at most `hypotheses`; a new one replaces the least matched.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/detect/detector.h"
#include "engine/detect/ring.h"

namespace evt::detect {

class RelativeEntropy final : public Detector {
 public:
  static constexpr std::size_t kMaxWindow = 128;
  static constexpr std::size_t kMaxBins = 10;
  static constexpr std::size_t kMaxHypotheses = 16;

  explicit RelativeEntropy(const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return "relative_entropy"; }
  std::size_t StateBytes() const override { return sizeof(*this); }
  Value State() const override;
  Status LoadState(const Value& state) override;

 private:
  using Histogram = std::array<float, kMaxBins>;

  Histogram WindowHistogram() const;
  // The hypothesis `histogram` agrees with best, or -1 for none.
  int MatchingHypothesis(const Histogram& histogram) const;
  void AddHypothesis(const Histogram& histogram);

  Ring<double, kMaxWindow> ring_;
  std::size_t bins_;
  std::size_t max_hypotheses_;
  double threshold_;  // chi-square quantile, bins - 1 degrees of freedom
  double min_ = 0;
  double max_ = 0;
  std::size_t seen_ = 0;
  std::size_t hypotheses_ = 0;
  std::array<Histogram, kMaxHypotheses> histograms_{};
  std::array<std::uint32_t, kMaxHypotheses> matches_{};
};

// The upper `p` quantile of the chi-square distribution with `dof` degrees
// of freedom (Wilson-Hilferty; within 0.5 % of the exact value for dof >= 1
// and p in [0.001, 0.1]).
double ChiSquareUpperQuantile(double p, double dof);

}  // namespace evt::detect
