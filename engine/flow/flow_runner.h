// Runs a flow once, to the end, on a runner (FlowRuns::Start, then
// runner.Poll() until it is done): evt-probe's `flow` command and schedule.
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"
#include "engine/flow/flow.h"
#include "engine/flow/flow_result.h"
#include "engine/probe/probe_runner.h"

namespace evt::probe {

// Attempts already in flight on `runner` go on finishing (their callbacks
// run) while this polls.
FlowResult RunFlowOnce(const Flow& flow, const std::string& target, std::int64_t run, ProbeRunner& runner,
                       const Clock& clock);

}  // namespace evt::probe
