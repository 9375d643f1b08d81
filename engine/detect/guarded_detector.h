// What every detector does the same way (detector.h): missing values, gaps
// in time and warm-up, wrapped around one kind's scoring. MakeDetector
// returns detectors wrapped in it.
#pragma once

#include <cstddef>
#include <memory>

#include "engine/detect/detector.h"

namespace evt::detect {

class GuardedDetector final : public Detector {
 public:
  GuardedDetector(std::unique_ptr<Detector> inner, const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return inner_->Kind(); }
  std::size_t StateBytes() const override { return sizeof(*this) + inner_->StateBytes(); }
  // {"detector": inner state, "interval_s": usual interval, "usual": level}.
  Value State() const override;
  // A loaded detector is warm: the model was fitted on enough history.
  Status LoadState(const Value& state) override;

 private:
  // Whether `time_s` comes after a gap, learning the usual interval.
  bool IsAfterGap(double time_s);
  // Whether `value` is within min_change of the usual level; learns the
  // level from samples that did not score as anomalies.
  bool IsSmallChange(double value, double score);

  std::unique_ptr<Detector> inner_;
  std::size_t warmup_;
  double gap_intervals_;
  std::size_t cold_left_;       // samples still to learn before scoring
  std::size_t rest_;
  double rest_above_;
  std::size_t since_high_;  // scores since one reached rest_above
  double last_time_s_ = NAN;    // NaN before the first sample
  double interval_s_ = NAN;     // an EWMA of the intervals, gaps left out
  double min_change_;
  double usual_ = NAN;          // an EWMA of the unremarkable values
};

}  // namespace evt::detect
