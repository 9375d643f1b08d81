// The `flow` and `flow.window` records (schemas/records/flow.json,
// flow.window.json).
#pragma once

#include "common/time_format.h"
#include "common/value.h"
#include "engine/flow/flow_result.h"
#include "engine/probe/window_stats.h"

namespace evt::probe {

// `ts` is when the run started.
Value FlowRecord(const FlowResult& result);

struct FlowWindowIdentity {
  std::string target;
  std::string flow;
};

// success_ratio = 1 - loss; the latency figures are of successful runs.
Value FlowWindowRecord(const FlowWindowIdentity& who, const WindowSummary& summary, TimePoint ts);

}  // namespace evt::probe
