// Runs flows on one ProbeRunner without blocking: any number of runs at
// once, each stepping on as its previous step's request finishes, while the
// caller keeps calling runner.Poll(). A run is what RunFlowOnce
// (flow_runner.h) does, step for step: its steps in order, each run with
// its own variables, captures and cookie jar; after a step fails only the
// steps marked `always` run (cleanup), not bounded by the whole-flow
// timeout, so a timed-out run still cancels what it started.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "engine/flow/flow.h"
#include "engine/flow/flow_result.h"
#include "engine/probe/probe_runner.h"

namespace evt::probe {

class FlowRuns {
 public:
  using Done = std::function<void(FlowResult result)>;
  // Sees each step as its outcome is known, in the flow's order: `run` is
  // the run so far, whose last step is `step`. `step.probe` is set when the
  // step sent its request (its body and headers already dropped), so a
  // skipped step or one refused before sending has none.
  using StepDone = std::function<void(const FlowResult& run, const StepResult& step)>;

  // REQUIRES: `runner` and `clock` outlive this.
  FlowRuns(ProbeRunner& runner, const Clock& clock);
  // Runs still in flight are abandoned: their requests finish (or are
  // dropped with the runner) without calling anything back.
  ~FlowRuns();
  FlowRuns(const FlowRuns&) = delete;
  FlowRuns& operator=(const FlowRuns&) = delete;

  // Starts run number `run` (the flow's {run}) of `flow` at `target` (""
  // names the target after the flow): its first request goes to the runner
  // now. `on_step` (may be empty) and then `done`, once, run from
  // runner.Poll(), or from Start itself for the steps that send nothing (a
  // stop already requested, a run with no steps). `done` may start more
  // runs. REQUIRES: `flow` outlives the run.
  void Start(const Flow& flow, const std::string& target, std::int64_t run, Done done, StepDone on_step = {});

  // Runs started whose `done` has not run yet.
  std::size_t active() const { return runs_.size(); }

 private:
  class Run;

  void Finished(std::uint64_t id, Done done, FlowResult result);

  ProbeRunner& runner_;
  const Clock& clock_;
  std::uint64_t next_id_ = 0;
  // Shared with the runner's callback of the request in flight, so a run's
  // check and cookie jar live as long as the transfer that uses them.
  std::unordered_map<std::uint64_t, std::shared_ptr<Run>> runs_;
};

}  // namespace evt::probe
