// Repeated probing: each target at its interval (the fast interval after a
// failure), start times spread so targets are not probed in lockstep, one
// attempt in flight per target, and a window summary every `window`
// attempts.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "common/duration.h"
#include "common/status.h"
#include "engine/probe/check.h"
#include "engine/probe/probe_engine.h"
#include "engine/probe/probe_sink.h"

namespace evt::probe {

struct ScheduledTarget {
  Check check;
  Duration interval{2000};
  std::optional<Duration> fast_interval;  // after a failure; default: interval
};

struct Schedule {
  std::vector<ScheduledTarget> targets;
  // Attempts per target; nullopt: until stopped (SIGINT/SIGTERM).
  std::optional<std::int64_t> count = 1;
  // A probe.window summary every this many attempts, and one for the rest
  // at the end. Only when a target is probed more than once.
  std::int64_t window = 10;
};

// Probes on `engine` as `schedule` says, handing every result to `sink`.
// Returns when every target had its count, when StopRequested(), or with
// the sink's first error. Sets *any_failed when an attempt failed.
Status RunSchedule(const Schedule& schedule, const Clock& clock, ProbeEngine& engine, ProbeSink& sink,
                   bool* any_failed);

}  // namespace evt::probe
