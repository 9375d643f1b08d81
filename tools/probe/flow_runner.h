// Runs a flow once: its steps in order on the probe engine, one transfer at
// a time, sharing variables, captures and a cookie jar that lives as long
// as the run. After a step fails, only the steps marked `always` run
// (cleanup); they are not bounded by the whole-flow timeout, so a timed-out
// run still cancels what it started, each within its own step timeout.
#pragma once

#include <cstdint>

#include "common/clock.h"
#include "engine/probe/probe_engine.h"
#include "tools/probe/flow.h"
#include "tools/probe/flow_result.h"

namespace evt::probe {

// REQUIRES: the engine has nothing in flight.
FlowResult RunFlowOnce(const Flow& flow, const std::string& target, std::int64_t run, ProbeEngine& engine,
                       const Clock& clock);

}  // namespace evt::probe
