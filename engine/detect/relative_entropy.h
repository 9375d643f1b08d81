// relative_entropy: Wang et al., "Statistical techniques for online anomaly
// detection in data centers" (HP Labs, 2011), as NAB runs it: the last
// `window` samples quantised into `bins` bins make a histogram; it is
// tested against the histograms seen before (each the mean of the windows
// that matched it) (multinomial goodness of fit:
// 2 * window * KL below the chi-square quantile at `significance`). A window
// that no established histogram (one matched more than kEstablishedAfter
// times) agrees with scores 1; else 0. So a lasting change scores 1 while
// the window fills with it and until it is established as a new normal,
// and a rule's N of M sees it; NAB's version (established after one match)
// scores isolated 1s.
//
// Honest about streaming: NAB quantises over the whole file's min and max;
// this fixes its bins on the first full window's range, widened by half of
// it on each side, the outer bins open-ended. Hypotheses are compared with
// half a count added to every bin, so one outlier in an empty bin does not
// make a window infinitely unlike the rest. They are at most `hypotheses`;
// a new one replaces the least matched. When a histogram with nine tenths of
// its mass in an outer bin becomes established (the series moved out of the
// bins for good), the bins are fixed again on the current window and the
// old hypotheses dropped: in the old bins a second move further out would
// look the same as the first.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/detect/detector.h"
#include "engine/detect/ring.h"

namespace evt::detect {

// The window kept as `Stored` values, at most kWindowCapacity of them, in
// at most kBinCapacity bins: RelativeEntropy's doubles, 128 and 10, and a
// smaller one where it shares kMaxStateBytes with another detector
// (contextual_entropy.h).
template <class Stored, std::size_t kWindowCapacity, std::size_t kBinCapacity>
class BasicRelativeEntropy final : public Detector {
 public:
  static constexpr std::size_t kMaxWindow = kWindowCapacity;
  static constexpr std::size_t kMaxBins = kBinCapacity;
  static constexpr std::size_t kMaxHypotheses = 16;
  static constexpr std::uint32_t kEstablishedAfter = 16;

  explicit BasicRelativeEntropy(const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return "relative_entropy"; }
  std::size_t StateBytes() const override { return sizeof(*this); }
  Value State() const override;
  Status LoadState(const Value& state) override;

 private:
  using Histogram = std::array<float, kMaxBins>;

  void FixBins();
  Histogram WindowHistogram() const;
  double Statistic(const Histogram& window, std::size_t hypothesis) const;
  // The hypothesis `histogram` agrees with best, or -1 for none; `established`
  // says whether an established one agrees.
  int MatchingHypothesis(const Histogram& histogram, bool& established) const;
  void AddHypothesis(const Histogram& histogram);
  void LearnMatch(std::size_t hypothesis, const Histogram& histogram);
  bool IsOutside(const Histogram& histogram) const;
  void Reframe();

  Ring<Stored, kMaxWindow> ring_;
  std::size_t bins_;
  std::size_t max_hypotheses_;
  double threshold_;  // chi-square quantile, bins - 1 degrees of freedom
  double low_ = 0;  // the bins' range; bins_fixed_ once the first window is full
  double high_ = 0;
  bool bins_fixed_ = false;
  std::size_t hypotheses_ = 0;
  std::array<Histogram, kMaxHypotheses> histograms_{};
  std::array<std::uint32_t, kMaxHypotheses> matches_{};
};

using RelativeEntropy = BasicRelativeEntropy<double, 128, 10>;

// The upper `p` quantile of the chi-square distribution with `dof` degrees
// of freedom (Wilson-Hilferty; within 0.5 % of the exact value for dof >= 1
// and p in [0.001, 0.1]).
double ChiSquareUpperQuantile(double p, double dof);

}  // namespace evt::detect
