// The failover.canary record (schemas/records/failover.canary.json): one
// per event of a canary (start, resume, step, hold, promote, rollback) and
// one per route for `canary status`.
#pragma once

#include <string>
#include <vector>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/failover/canary_judge.h"
#include "tools/failover/canary_store.h"

namespace evt::failover {

// The fields every failover.canary record has: route, canary, baseline,
// state, step (1-based; 0 before the first), of, percent, failed_steps.
Value CanaryRecord(const CanaryRun& run, const std::string& event, TimePoint written);
// The judged metrics, as the record and failover.db's canary_steps keep them.
Value CanaryMetricsValue(const std::vector<CanaryMetricResult>& metrics);

}  // namespace evt::failover
