// The outcome of one run of a flow: what the `flow` record carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "engine/probe/probe_result.h"

namespace evt::probe {

enum class StepOutcome { kOk, kFailed, kSkipped };

// "ok", "failed", "skipped".
const char* StepOutcomeName(StepOutcome outcome);

struct StepResult {
  std::string name;
  std::string method;
  std::string url;  // as sent, with every secret replaced by its redacted name
  bool always = false;
  StepOutcome outcome = StepOutcome::kSkipped;
  // Why it failed, or why a cleanup step was skipped; empty otherwise.
  std::string error;
  // The transfer, when the step sent its request.
  std::optional<ProbeResult> probe;
};

struct FlowResult {
  std::string target;  // the config target, else the flow's name
  std::string flow;    // the flow's name
  std::int64_t run = 1;
  TimePoint started{};
  bool ok = false;
  bool timed_out = false;   // the whole-flow timeout ran out
  std::string failed_step;  // the first step that failed; empty when ok
  std::string error;        // why it failed; empty when ok
  double total_ms = 0;
  std::vector<StepResult> steps;
};

}  // namespace evt::probe
