// `failover.canary`, read strictly (doc/design.md §19): every mistake is
// Status::Config (exit 78) naming the file and the JSON pointer.
//
//   "canary": {"steps": [5, 25, 50, 100], "interval": "60s", "failed_steps": 1,
//              "recollect": 2,
//              "judge": {...},    canary_judge.h
//              "samples": {...},  canary_samples.h
//              "hooks": {...}}    canary_hooks.h
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/status.h"
#include "tools/failover/canary_hooks.h"
#include "tools/failover/canary_judge.h"
#include "tools/failover/canary_samples.h"

namespace evt::failover {

struct CanarySpec {
  std::vector<int> steps{5, 25, 50, 100};  // rising, the last 100 (canary_plan.h's CanarySteps)
  Duration interval{60000};                // each step's collection window
  int failed_steps = 1;                    // failed steps that roll it back
  // Further collections of a step judged inconclusive or marginal before
  // it counts: inconclusive then holds, marginal then fails.
  int recollect = 2;
  CanaryJudgeSpec judge;
  CanarySampleSpec samples;
  CanaryHooksSpec hooks;
};

// The `canary` object of the failover section, or nullopt without one.
// Refused: steps not rising within 1..100, an interval outside 1ms..1d,
// failed_steps or recollect outside 1..100 (recollect 0..100), and what the
// judge, samples and hooks readers refuse.
Result<std::optional<CanarySpec>> ReadCanarySection(const ConfigObject& failover);

}  // namespace evt::failover
