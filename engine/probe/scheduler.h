// Repeated probing: each target at its interval (its fast interval after a
// failure, or while the caller's `fast_now` says so), start times spread so
// targets are not probed in lockstep, one attempt in flight per target, a
// window summary every `window` attempts, and an optional periodic tick for
// the caller's timers. The one scheduler of evt-probe and evt-failover's
// watch.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "common/duration.h"
#include "common/status.h"
#include "engine/probe/check.h"
#include "engine/probe/probe_runner.h"
#include "engine/probe/probe_sink.h"

namespace evt::probe {

struct ScheduledTarget {
  Check check;
  Duration interval{2000};
  std::optional<Duration> fast_interval;  // when fast (after a failure); default: interval
};

struct Schedule {
  std::vector<ScheduledTarget> targets;
  // Attempts per target; nullopt: until stopped (SIGINT/SIGTERM).
  std::optional<std::int64_t> count = 1;
  // A probe.window summary every this many attempts, and one for the rest
  // at the end. Only when a target is probed more than once.
  std::int64_t window = 10;
  // Spread the targets' first attempts over one interval; when false they
  // all start at once (a single round always does).
  bool spread_start = true;
};

// What a caller adds to the schedule's own rules.
struct ScheduleHooks {
  // Whether the next attempt at `target` comes at its fast interval; asked
  // after the sink took `result`, so it may read what the sink made of it.
  // Unset: after a failure.
  std::function<bool(const ScheduledTarget& target, const ProbeResult& result)> fast_now;
  // Called at the start and then every `tick_every` while the run goes on;
  // a failed Status ends the run and is what it returns.
  std::function<Status()> tick;
  Duration tick_every{100};
  // When set, the time from now to the next tick instead of tick_every,
  // asked after every tick and after every result the sink took: a loop
  // whose timers have nothing to do wakes less often, and a result that
  // starts a timer brings the next tick closer again.
  std::function<Duration()> tick_in;
};

// When the next attempt at a target is due. After a success the interval
// runs from the attempt's start, so a steady target is probed at its
// interval; after a failure from its end, so a timed-out probe is not
// retried back to back.
std::chrono::steady_clock::time_point NextDue(const ScheduledTarget& target, bool fast, bool ok,
                                              std::chrono::steady_clock::time_point started,
                                              std::chrono::steady_clock::time_point ended);

// Probes on `runner` as `schedule` says, handing every result to `sink`.
// Returns when every target had its count, when StopRequested(), or with
// the first error of the sink or the tick. Sets *any_failed when an
// attempt failed.
Status RunSchedule(const Schedule& schedule, const Clock& clock, ProbeRunner& runner, ProbeSink& sink,
                   bool* any_failed, const ScheduleHooks& hooks = {});

}  // namespace evt::probe
