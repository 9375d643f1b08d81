// One route member's share over time (doc/design.md §16): all of it while
// up; none while down or suppressed by damping (a flapping member, damped
// as paths are: damping.h); and after recovery, ramp.steps in turn, each
// a percentage of its share, each held `hold` and left only while its
// checks still pass. Coming back in one jump would send a cold cache or a
// just-restarted origin its whole share at once: the ramp is the
// backpressure rule.
#pragma once

#include <optional>
#include <string>

#include "common/time_format.h"
#include "tools/failover/damping.h"
#include "tools/failover/route_config.h"

namespace evt::failover {

class MemberRamp {
 public:
  enum class Phase { kUp, kDown, kSuppressed, kRamping };

  // `damping`: the failover section's, or none (no suppression).
  MemberRamp(RampSpec ramp, std::optional<DampingSpec> damping);

  // The member's health flipped at `now`. Returns what changed, in words
  // ("" when its share did not change).
  std::string Down(TimePoint now);
  std::string Up(TimePoint now);
  // The latest check's outcome while up: a ramp step is left only when it
  // passed.
  void Checked(bool passed) { passing_ = passed; }
  // Timers: damping's reuse, the next ramp step. Returns what changed.
  std::string Tick(TimePoint now);

  // The fraction of its share the member carries: 1, 0, or steps[i] / 100.
  double carried() const;
  Phase phase() const { return phase_; }
  // While ramping: the step in force (0-based), since when.
  std::size_t step() const { return step_; }
  // When Tick next has something to do, if ever.
  std::optional<TimePoint> next_due() const;

 private:
  std::string StartRamp(TimePoint now);

  RampSpec ramp_;
  std::optional<Damping> damping_;
  Phase phase_ = Phase::kUp;
  bool healthy_ = true;
  bool passing_ = true;
  std::size_t step_ = 0;
  TimePoint step_since_{};
};

}  // namespace evt::failover
