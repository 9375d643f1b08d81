// Where a canary step's samples come from (doc/design.md §19): synthetic
// requests sent to the canary and to the baseline member alike, so a quiet
// pop-up still gets a decision, plus the real traffic each server answered
// as the proxy counts it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/status.h"
#include "engine/probe/config_targets.h"
#include "tools/failover/canary_judge.h"
#include "tools/failover/route_config.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// `failover.canary.samples`: how many synthetic requests per step per side
// (0: real traffic only), at what rate, with what timeout, and what counts
// as an error (a status >= error_status, a timeout, a refused connection).
struct CanarySampleSpec {
  int requests = 50;
  double rate_per_second = 50;
  Duration timeout{2000};
  int error_status = 500;
  bool real_traffic = true;  // add the proxy's per-server counts to the error ratio
};
Result<CanarySampleSpec> ReadCanarySampleSpec(const ConfigObject& samples);

// One side of a step: a member of the route (its probe targets say where
// to send synthetic requests).
struct CanarySide {
  const RouteMember* member = nullptr;
};

// The samples of one step, one CanaryMetricSamples per judge metric in the
// judge spec's order, for each side.
struct CanaryStepSamples {
  std::vector<CanaryMetricSamples> baseline;
  std::vector<CanaryMetricSamples> canary;
};

class CanarySampler {
 public:
  virtual ~CanarySampler() = default;
  // Collects for `window` (the step's interval): synthetic requests to
  // both sides, real-traffic counts from `driver` for `backend` as the
  // difference between the window's start and end.
  virtual Result<CanaryStepSamples> Collect(const CanarySide& baseline, const CanarySide& canary,
                                            const std::string& backend, SteeringDriver& driver,
                                            Duration window) = 0;
};

// The real sampler: synthetic requests through the shared probe engine's
// HTTP client to the members' probe target URLs.
Result<std::unique_ptr<CanarySampler>> MakeCanarySampler(const CanarySampleSpec& spec, const CanaryJudgeSpec& judge,
                                                         const std::vector<probe::ConfigTarget>& targets);

}  // namespace evt::failover
