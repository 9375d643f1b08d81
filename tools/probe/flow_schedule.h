// Repeated flows: each flow target at its interval, one run at a time (a
// flow is a customer's visit; two at once would be a different test), a
// `flow` record per run and a `flow.window` every `window` runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "engine/flow/flow.h"
#include "engine/flow/flow_result.h"
#include "engine/probe/probe_engine.h"
#include "engine/probe/window_stats.h"

namespace evt::probe {

struct FlowTarget {
  std::string target;  // the config target, else the flow's name
  Flow flow;
  Duration interval{30000};
};

struct FlowSchedule {
  std::vector<FlowTarget> flows;
  // Runs per flow; nullopt: until stopped (SIGINT/SIGTERM).
  std::optional<std::int64_t> count = 1;
  // A flow.window every this many runs, and one for the rest at the end;
  // only when a flow runs more than once.
  std::int64_t window = 10;
};

// Where results go: records, or lines for a person.
class FlowSink {
 public:
  virtual ~FlowSink() = default;
  virtual Status OnFlow(const FlowResult& result) = 0;
  virtual Status OnWindow(const FlowTarget& target, const WindowSummary& summary) = 0;
  // Once, after the last run and its window, unless a sink failed.
  virtual Status OnEnd() { return Status::Ok(); }
};

// Runs `schedule`; returns when every flow had its count, when
// StopRequested(), or with the sink's first error. Sets *any_failed when a
// run failed.
Status RunFlowSchedule(const FlowSchedule& schedule, const Clock& clock, ProbeEngine& engine, FlowSink& sink,
                       bool* any_failed);

}  // namespace evt::probe
