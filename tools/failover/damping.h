// RFC 2439 flap damping for one path: each up->down transition adds
// `penalty` to a figure of merit that halves every `half_life`. When it
// exceeds `suppress` the path is suppressed (not chosen) until it decays
// below `reuse`, and never longer than `max_suppress`; the figure is capped
// at reuse * 2^(max_suppress / half_life), the RFC's ceiling, so a path
// that flapped for hours is not held off for hours more.
#pragma once

#include <optional>

#include "common/time_format.h"
#include "tools/failover/spec.h"

namespace evt::failover {

struct DampingState {
  double penalty = 0;  // as of penalty_at
  TimePoint penalty_at{};
  std::optional<TimePoint> suppressed_since;
  std::optional<TimePoint> suppressed_until;
  bool operator==(const DampingState&) const = default;
};

class Damping {
 public:
  explicit Damping(const DampingSpec& spec) : spec_(spec) {}

  // One up->down transition at `at`. Returns true when it starts a
  // suppression.
  bool AddFlap(TimePoint at);
  // Ends a suppression whose time has come; returns true when it ended.
  bool Refresh(TimePoint now);

  double PenaltyAt(TimePoint at) const;
  bool suppressed() const { return state_.suppressed_until.has_value(); }
  const DampingState& state() const { return state_; }
  void Restore(const DampingState& state) { state_ = state; }

 private:
  double Ceiling() const;
  // When the penalty, decaying from now, falls to `reuse`, capped by
  // max_suppress from the start of the suppression.
  TimePoint ReuseTime() const;

  DampingSpec spec_;
  DampingState state_;
};

}  // namespace evt::failover
