// The pure core of traffic steering (doc/design.md §16): member health in,
// each route's desired weights and `weights` events out. No I/O and no
// clock of its own, like decider.h, so tests drive it with a ManualClock.
//
// Rules:
// - A member on probe targets is checked once per result of any of its
//   targets, on the latest result of each: the check passes when at least
//   `reliability` answered (one not heard from yet counts as answering).
//   Health follows HAProxy's counter (health_counter.h) with the member's
//   rise and fall, as a path's does. A member on a path is up while the
//   path is up and not suppressed (PathHealth).
// - Each member's share follows MemberRamp (route_ramp.h): all, none, or a
//   ramp step; a flapping member is suppressed by the section's damping.
// - A `split` route's weights are route_split.h's WeightsForSplit of the
//   shares carried; a `prefer` route puts 100 % on the first member up and
//   not suppressed, each route on its own, and does not ramp: one member
//   carries the class.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_format.h"
#include "tools/failover/decider.h"
#include "tools/failover/health_counter.h"
#include "tools/failover/route_config.h"
#include "tools/failover/route_ramp.h"
#include "tools/failover/route_split.h"

namespace evt::failover {

struct WeightsEvent {
  std::string route;
  std::vector<MemberWeight> before;  // the desired weights before
  std::vector<MemberWeight> after;
  std::vector<double> realised;  // percent per member `after` gives
  bool exact = true;             // realised is the split asked for
  std::string reason;            // "cache down: ...", "cache ramp step 2/4 (25 % of its share)"
  TimePoint at{};
};

class RouteDecider {
 public:
  // REQUIRES: section checked as route_config.h checks it.
  RouteDecider(RouteSection section, std::optional<DampingSpec> damping);

  // One probe result at `now`. Appends changed weights to *out. False when
  // no member uses the target.
  bool Observe(const Observation& o, TimePoint now, std::vector<WeightsEvent>* out);
  // A path's state: members on it follow. Called with every path after
  // each failover decision; only changes count.
  void PathHealth(std::string_view path, bool up, TimePoint now, std::vector<WeightsEvent>* out);
  // Timers: ramp steps, damping's reuse.
  void Tick(TimePoint now, std::vector<WeightsEvent>* out);

  const RouteSection& section() const { return section_; }
  const std::vector<MemberWeight>& desired(std::size_t route) const { return routes_[route].desired; }
  const MemberRamp& ramp(std::size_t route, std::size_t member) const { return routes_[route].members[member].ramp; }
  bool MemberUp(std::size_t route, std::size_t member) const { return routes_[route].members[member].up; }
  // The earliest time Tick has work, if any.
  std::optional<TimePoint> NextDue() const;

 private:
  struct MemberState {
    MemberRamp ramp;
    std::optional<HealthCounter> counter;  // members on targets
    std::vector<signed char> latest;       // per target: -1 not heard, 0 failed, 1 answered
    bool up = true;
  };
  struct RouteState {
    std::vector<MemberState> members;
    std::vector<MemberWeight> desired;
  };

  SplitResult Compute(std::size_t route) const;
  // Recomputes `route`'s weights; an event with `reason` when they changed.
  void Decide(std::size_t route, const std::string& reason, TimePoint now, std::vector<WeightsEvent>* out);
  void Flip(std::size_t route, std::size_t member, bool up, const std::string& why, TimePoint now,
            std::vector<WeightsEvent>* out);

  RouteSection section_;
  std::vector<RouteState> routes_;
};

}  // namespace evt::failover
