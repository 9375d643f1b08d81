#include "engine/detect/holt.h"

#include <algorithm>
#include <cmath>

#include "engine/detect/state_value.h"
#include "engine/detect/z_score.h"

namespace evt::detect {
namespace {

// The mean absolute deviation of normal data times this is its standard
// deviation.
constexpr double kMeanAbsToSigma = 1.2533;
constexpr double kExpectedZ = 3;
// A residual counts towards the scale at most this many spreads, so one
// outage does not widen the band for the next hundred samples.
constexpr double kResidualClampZ = 4;

}  // namespace

Holt::Holt(const DetectorSpec& spec) : alpha_(spec.alpha), beta_(spec.beta), scale_alpha_(spec.scale_alpha) {}

void Holt::Learn(double value, double residual) {
  double sigma = std::max(kMeanAbsToSigma * abs_residual_, SpreadFloor(level_));
  double clamped = std::min(std::abs(residual), kResidualClampZ * sigma);
  // Early on the scale has seen few residuals: learn it faster.
  double scale_alpha = std::max(scale_alpha_, 1.0 / static_cast<double>(seen_));
  abs_residual_ += scale_alpha * (clamped - abs_residual_);
  if (seen_ <= 3) abs_residual_ = std::max(abs_residual_, std::abs(residual));
  // Robust Holt (Gelper, Fried and Croux, 2010): the level learns the
  // forecast plus the clamped residual, so one outlier moves it by at most
  // alpha * 4 spreads and the next forecast is not an outlier of its own.
  double bound = kResidualClampZ * sigma;
  double learned = seen_ <= 3 ? value : level_ + trend_ + std::clamp(residual, -bound, bound);
  double previous_level = level_;
  level_ = alpha_ * learned + (1 - alpha_) * (level_ + trend_);
  trend_ = beta_ * (level_ - previous_level) + (1 - beta_) * trend_;
}

Score Holt::Update(const Sample& sample) {
  Score out;
  ++seen_;
  if (seen_ == 1) {
    level_ = sample.value;
    return out;
  }
  double forecast = level_ + trend_;
  double residual = sample.value - forecast;
  double sigma = std::max(kMeanAbsToSigma * abs_residual_, SpreadFloor(level_));
  if (seen_ > 2) {
    out.score = ScoreOfZ(residual / sigma);
    out.expected_low = forecast - kExpectedZ * sigma;
    out.expected_high = forecast + kExpectedZ * sigma;
    out.warm = true;
  }
  Learn(sample.value, residual);
  return out;
}

Value Holt::State() const {
  Value out = Value::object();
  out.set("seen", seen_);
  out.set("level", level_);
  out.set("trend", trend_);
  out.set("abs_residual", abs_residual_);
  return out;
}

Status Holt::LoadState(const Value& state) {
  EVT_RETURN_IF_ERROR(ReadCount(state, "seen", std::size_t{1} << 53, seen_));
  EVT_RETURN_IF_ERROR(ReadNumber(state, "level", level_));
  EVT_RETURN_IF_ERROR(ReadNumber(state, "trend", trend_));
  return ReadNumber(state, "abs_residual", abs_residual_);
}

}  // namespace evt::detect
