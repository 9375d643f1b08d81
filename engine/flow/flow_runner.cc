#include "engine/flow/flow_runner.h"

#include <optional>

#include "engine/flow/flow_runs.h"

namespace evt::probe {
namespace {

constexpr std::chrono::milliseconds kPollWait{50};

}  // namespace

FlowResult RunFlowOnce(const Flow& flow, const std::string& target, std::int64_t run, ProbeRunner& runner,
                       const Clock& clock) {
  std::optional<FlowResult> result;
  FlowRuns runs(runner, clock);
  runs.Start(flow, target, run, [&result](FlowResult r) { result = std::move(r); });
  while (!result) runner.Poll(kPollWait);
  return std::move(*result);
}

}  // namespace evt::probe
