#include "tools/load/load_profile.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace evt::load {

LoadProfile LoadProfile::Stages(std::vector<ProfileStage> stages) {
  LoadProfile p;
  p.shape_ = Shape::kStages;
  for (const ProfileStage& s : stages) p.seconds_ += s.seconds;
  p.stages_ = std::move(stages);
  return p;
}

LoadProfile LoadProfile::Constant(double rate, double seconds) { return Stages({{seconds, rate, rate}}); }

LoadProfile LoadProfile::Sine(double mean, double amplitude, double period_seconds, double seconds) {
  LoadProfile p;
  p.shape_ = Shape::kSine;
  p.seconds_ = seconds;
  p.mean_ = mean;
  p.amplitude_ = amplitude;
  p.period_ = period_seconds;
  return p;
}

double LoadProfile::SineRate(double t) const {
  return std::max(0.0, mean_ + amplitude_ * std::sin(2 * std::numbers::pi * t / period_));
}

double LoadProfile::RateAt(double t) const {
  if (t < 0 || t >= seconds_) return 0;
  if (shape_ == Shape::kSine) return SineRate(t);
  RateSegment s = StageSegment(t);
  return s.rate_at_start + (s.rate_at_end - s.rate_at_start) * (t - s.start) / (s.end - s.start);
}

double LoadProfile::PeakRate() const {
  if (shape_ == Shape::kSine) return std::max(0.0, mean_ + std::abs(amplitude_));
  double peak = 0;
  for (const ProfileStage& s : stages_) peak = std::max({peak, s.from, s.to});
  return peak;
}

RateSegment LoadProfile::StageSegment(double t) const {
  double start = 0;
  for (const ProfileStage& s : stages_) {
    if (t < start + s.seconds) return {start, start + s.seconds, s.from, s.to};
    start += s.seconds;
  }
  const ProfileStage& last = stages_.back();
  return {start - last.seconds, start, last.from, last.to};
}

RateSegment LoadProfile::SineChord(double t) const {
  // The nudge keeps a t that is a chord's end, give or take a rounding
  // error, from landing back in the same chord.
  double start = std::floor(t / kChordSeconds + 1e-6) * kChordSeconds;
  double end = std::min(start + kChordSeconds, seconds_);
  return {start, end, SineRate(start), SineRate(end)};
}

RateSegment LoadProfile::SegmentAt(double t) const {
  return shape_ == Shape::kSine ? SineChord(t) : StageSegment(t);
}

double LoadProfile::ExpectedBetween(double from, double to) const {
  from = std::max(from, 0.0);
  to = std::min(to, seconds_);
  double total = 0;
  for (double t = from; t < to;) {
    RateSegment s = SegmentAt(t);
    if (s.end <= t) break;  // no progress: t is at the profile's end
    double end = std::min(s.end, to);
    auto rate = [&](double x) { return s.rate_at_start + (s.rate_at_end - s.rate_at_start) * (x - s.start) / (s.end - s.start); };
    total += (end - t) * (rate(t) + rate(end)) / 2;
    t = end;
  }
  return total;
}

}  // namespace evt::load
