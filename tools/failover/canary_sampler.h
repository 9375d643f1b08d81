// The real canary sampler's parts, beside the contract in canary_samples.h
// (doc/design.md §19): where a side's synthetic requests go, and the seams
// its tests replace (the clock that paces, the probe runner that sends, the
// proxy's counters, where a note goes).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "engine/probe/check.h"
#include "engine/probe/probe_runner.h"
#include "tools/failover/canary_samples.h"
#include "tools/failover/server_counters.h"

namespace evt::failover {

// The http checks of a member's probe targets, in its order, with the
// sample spec's timeout and no expectations of their own (a status at or
// past error_status is what counts). Config (78) naming the member when
// it has no `check: http` target: a synthetic request needs a URL.
Result<std::vector<probe::Check>> SyntheticChecks(const RouteMember& member,
                                                  const std::vector<probe::ConfigTarget>& targets,
                                                  const CanarySampleSpec& spec);

// Whether a synthetic result counts as an error: no response at all (a
// timeout, a refused connection), or a status at or past `error_status`.
bool IsSampleError(const probe::ProbeResult& result, int error_status);

struct CanarySamplerSeams {
  const Clock* clock = nullptr;                 // paces the requests and times the window
  std::unique_ptr<probe::ProbeRunner> runner;   // sends them
  // The proxy's per-server counters behind a driver, or nullptr.
  std::function<std::unique_ptr<ServerCounters>(SteeringDriver&)> counters = ServerCountersFor;
  // A note said once per sampler ("real traffic not counted: ...").
  std::function<void(std::string_view)> note;
};

// The real sampler on these seams. MakeCanarySampler is this with the
// system clock, the shared probe engine, HAProxy's counters and stderr.
Result<std::unique_ptr<CanarySampler>> MakeCanarySamplerWith(const CanarySampleSpec& spec,
                                                             const CanaryJudgeSpec& judge,
                                                             const std::vector<probe::ConfigTarget>& targets,
                                                             CanarySamplerSeams seams);

}  // namespace evt::failover
