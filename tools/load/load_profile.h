// How hard evt-load pushes over time: the rate (arrivals per second) as a
// function of the time since the start, and how long the run lasts. Parsed
// from --profile (constant, ramp, steps, sine, or a JSON file of k6-style
// stages) with --rate and --duration.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/duration.h"
#include "common/status.h"

namespace evt::load {

// A stretch of the run whose rate moves linearly from `from` to `to`
// (equal for a constant stretch), per second.
struct ProfileStage {
  double seconds = 0;
  double from = 0;
  double to = 0;
};

// A piece of the rate function on which it is linear: what Arrivals
// integrates in closed form.
struct RateSegment {
  double start = 0;  // seconds since the run's start
  double end = 0;
  double rate_at_start = 0;
  double rate_at_end = 0;

  double Integral() const { return (end - start) * (rate_at_start + rate_at_end) / 2; }
};

class LoadProfile {
 public:
  // REQUIRES: stages non-empty, every seconds > 0 and rates >= 0.
  static LoadProfile Stages(std::vector<ProfileStage> stages);
  static LoadProfile Constant(double rate, double seconds);
  // vegeta's sine pacer: max(0, mean + amplitude * sin(2*pi*t/period)).
  // REQUIRES: period_seconds > 0, seconds > 0.
  static LoadProfile Sine(double mean, double amplitude, double period_seconds, double seconds);

  // The rate is followed by chords this long where it is not piecewise
  // linear (sine). The chord error bound is stated in arrivals_test.cc.
  static constexpr double kChordSeconds = 0.001;

  double seconds() const { return seconds_; }
  // Per second; 0 outside [0, seconds()).
  double RateAt(double t) const;
  // The highest rate the profile asks for.
  double PeakRate() const;
  // The linear piece holding t (0 <= t < seconds()): a whole stage, or a
  // chord of the sine. Its end is the next piece's start.
  RateSegment SegmentAt(double t) const;
  // The number of arrivals the profile asks for in [from, to), from the
  // same pieces Arrivals uses.
  double ExpectedBetween(double from, double to) const;

 private:
  enum class Shape { kStages, kSine };
  LoadProfile() = default;
  RateSegment StageSegment(double t) const;
  RateSegment SineChord(double t) const;
  double SineRate(double t) const;

  Shape shape_ = Shape::kStages;
  double seconds_ = 0;
  std::vector<ProfileStage> stages_;
  double mean_ = 0;
  double amplitude_ = 0;
  double period_ = 1;
};

// Reads --profile with --rate and --duration (nullopt when not given):
//   "" or "constant"    --rate for --duration (both required)
//   ramp:A-B/D          linear from A to B per second over D ("ramp:0-2000/60s")
//   steps:R1,R2,.../D   each rate for D
//   sine:MEAN:AMP:PERIOD  over --duration (required)
//   @FILE               {"stages":[{"duration":"10s","rate":100},
//                                  {"duration":"30s","from":100,"to":1000}]};
//                       "from" defaults to the previous stage's end rate (0 first);
//                       k6's "target" is taken for "to"
// A profile with a length of its own is cut short by a shorter --duration
// and holds its last rate for a longer one. Errors are Usage errors naming
// the flag and the bad part: `--profile ramp:0-2000/60: duration "60" has no unit`.
Result<LoadProfile> ParseLoadProfile(std::string_view spec, double rate, std::optional<Duration> duration);

}  // namespace evt::load
