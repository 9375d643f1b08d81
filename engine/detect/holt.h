// holt: Holt's double exponential smoothing (level and trend, no season, as
// Prometheus' holt_winters) forecasts each sample from the ones before; the
// score is the residual's z against an EWMA of the absolute residuals. A
// ramp is forecast and not raised; a step or a spike is.
#pragma once

#include "engine/detect/detector.h"

namespace evt::detect {

class Holt final : public Detector {
 public:
  explicit Holt(const DetectorSpec& spec);

  Score Update(const Sample& sample) override;
  std::string_view Kind() const override { return "holt"; }
  std::size_t StateBytes() const override { return sizeof(*this); }
  Value State() const override;
  Status LoadState(const Value& state) override;

 private:
  void Learn(double value, double residual);

  double alpha_;
  double beta_;
  double scale_alpha_;
  std::size_t seen_ = 0;
  double level_ = 0;
  double trend_ = 0;
  double abs_residual_ = 0;  // EWMA of |residual|, clamped residuals
};

}  // namespace evt::detect
