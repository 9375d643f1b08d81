// robust_z: how far a sample lies from the median of the last `window`
// samples, in units of their MAD (scaled by 1.4826 to match a standard
// deviation on normal data). The median and MAD ignore the outliers they
// are meant to find, where a mean and standard deviation would be pulled
// towards them. What the ring learns is clamped to the level +- 5 spreads
// (winsorised), so an outage does not become the baseline within a window.
//
// The fast path: the median and MAD are recomputed every `refresh` samples
// (two nth_element passes over the ring); in between, the level follows an
// EWMA of the samples started from the last median, so a drift is tracked
// at O(1) per sample and the sort is paid for one sample in `refresh`.
#pragma once

#include <cstddef>

#include "engine/detect/detector.h"
#include "engine/detect/ring.h"

namespace evt::detect {

class RobustZ final : public Detector {
 public:
  static constexpr std::size_t kMaxWindow = 128;

  // REQUIRES: 8 <= spec.window <= kMaxWindow, spec.refresh >= 1.
  explicit RobustZ(const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return "robust_z"; }
  std::size_t StateBytes() const override { return sizeof(*this); }
  Value State() const override;
  Status LoadState(const Value& state) override;

 private:
  void RecomputeBaseline();

  Ring<double, kMaxWindow> ring_;
  std::size_t refresh_;
  double alpha_;
  std::size_t since_refresh_ = 0;
  double level_ = 0;   // the median at the last refresh, moved by the EWMA
  double spread_ = 0;  // 1.4826 * MAD at the last refresh
  bool has_baseline_ = false;
};

}  // namespace evt::detect
