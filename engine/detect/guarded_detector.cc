#include "engine/detect/guarded_detector.h"

#include <cmath>
#include <utility>

#include "engine/detect/state_value.h"

namespace evt::detect {
namespace {

constexpr double kIntervalAlpha = 0.1;
constexpr double kUsualAlpha = 0.05;
// Scores below this teach the usual level; an outage's do not, so it stays
// a large change for as long as it lasts.
constexpr double kUsualBelowScore = 0.5;

}  // namespace

GuardedDetector::GuardedDetector(std::unique_ptr<Detector> inner, const DetectorSpec& spec)
    : inner_(std::move(inner)), warmup_(spec.warmup), gap_intervals_(spec.gap_intervals), cold_left_(spec.warmup),
      rest_(spec.rest), rest_above_(spec.rest_above), since_high_(spec.rest), min_change_(spec.min_change) {}

bool GuardedDetector::IsAfterGap(double time_s) {
  double previous = last_time_s_;
  last_time_s_ = time_s;
  if (std::isnan(previous)) return false;
  double interval = time_s - previous;
  if (std::isnan(interval_s_)) {
    interval_s_ = interval;
    return false;
  }
  if (interval > gap_intervals_ * interval_s_ && interval_s_ > 0) return true;
  interval_s_ += kIntervalAlpha * (interval - interval_s_);
  return false;
}

bool GuardedDetector::IsSmallChange(double value, double score) {
  if (std::isnan(usual_)) usual_ = value;
  bool small = std::abs(value - usual_) < min_change_;
  if (score < kUsualBelowScore) usual_ += kUsualAlpha * (value - usual_);
  return small;
}

Score GuardedDetector::Update(const Sample& sample) {
  if (!std::isfinite(sample.value)) return Score{};
  if (IsAfterGap(sample.time_s)) cold_left_ = warmup_;
  Score score = inner_->Update(sample);
  if (cold_left_ > 0) {
    --cold_left_;
    score.score = 0;
    score.warm = false;
  }
  if (!score.warm) score.score = 0;
  if (min_change_ > 0 && IsSmallChange(sample.value, score.score)) score.score = 0;
  // CAD-OSE's rule: a score is reported when no score of the last `rest`
  // reached rest_above, reported or not, so a long episode is one report.
  bool rested = since_high_ >= rest_;
  since_high_ = score.score >= rest_above_ ? 0 : since_high_ + 1;
  if (!rested) score.score = 0;
  return score;
}

Value GuardedDetector::State() const {
  Value out = Value::object();
  out.set("detector", inner_->State());
  if (std::isfinite(interval_s_)) out.set("interval_s", interval_s_);
  if (std::isfinite(usual_)) out.set("usual", usual_);
  return out;
}

Status GuardedDetector::LoadState(const Value& state) {
  const Value* inner = state.is_object() ? state.find("detector") : nullptr;
  if (inner == nullptr) return Status::DataErr("detector: missing");
  EVT_RETURN_IF_ERROR(inner_->LoadState(*inner).Prefixed("detector"));
  if (state.find("interval_s") != nullptr) EVT_RETURN_IF_ERROR(ReadNumber(state, "interval_s", interval_s_));
  if (state.find("usual") != nullptr) EVT_RETURN_IF_ERROR(ReadNumber(state, "usual", usual_));
  cold_left_ = 0;
  last_time_s_ = NAN;
  return Status::Ok();
}

}  // namespace evt::detect
