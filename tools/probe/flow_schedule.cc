#include "tools/probe/flow_schedule.h"

#include <algorithm>

#include "common/process_state.h"
#include "engine/flow/flow_runner.h"

namespace evt::probe {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

struct FlowState {
  const FlowTarget* target = nullptr;
  SteadyTime next_due{};
  std::int64_t runs = 0;
  ProbeWindow window;
};

class Schedule {
 public:
  Schedule(const FlowSchedule& schedule, const Clock& clock, ProbeEngine& engine, FlowSink& sink)
      : schedule_(schedule), clock_(clock), engine_(engine), sink_(sink) {
    SteadyTime start = clock.Monotonic();
    for (const FlowTarget& t : schedule.flows) states_.push_back(FlowState{&t, start, 0, {}});
  }

  Status Go(bool* any_failed) {
    Status status;
    while (status.ok() && !StopRequested()) {
      FlowState* next = NextDue();
      if (next == nullptr) break;
      auto wait = std::chrono::ceil<std::chrono::milliseconds>(next->next_due - clock_.Monotonic());
      if (wait.count() > 0) {
        if (!SleepUnlessStopRequested(wait)) break;
        continue;
      }
      status = RunOnce(*next);
    }
    for (FlowState& s : states_)
      if (status.ok() && Repeating() && s.window.sent() > 0) status = EmitWindow(s);
    if (status.ok()) status = sink_.OnEnd();
    if (any_failed != nullptr) *any_failed = any_failed_;
    return status;
  }

 private:
  bool Repeating() const { return !schedule_.count || *schedule_.count > 1; }

  FlowState* NextDue() {
    FlowState* next = nullptr;
    for (FlowState& s : states_) {
      if (schedule_.count && s.runs >= *schedule_.count) continue;
      if (next == nullptr || s.next_due < next->next_due) next = &s;
    }
    return next;
  }

  Status RunOnce(FlowState& s) {
    SteadyTime started = clock_.Monotonic();
    FlowResult result = RunFlowOnce(s.target->flow, s.target->target, ++s.runs, engine_, clock_);
    s.next_due = started + s.target->interval;
    if (!result.ok) any_failed_ = true;
    EVT_RETURN_IF_ERROR(sink_.OnFlow(result));
    if (!Repeating()) return Status::Ok();
    s.window.Add(result.ok ? std::optional<double>(result.total_ms) : std::nullopt);
    if (s.window.sent() >= schedule_.window) return EmitWindow(s);
    return Status::Ok();
  }

  Status EmitWindow(FlowState& s) {
    Status status = sink_.OnWindow(*s.target, s.window.Summarize());
    s.window.Reset();
    return status;
  }

  const FlowSchedule& schedule_;
  const Clock& clock_;
  ProbeEngine& engine_;
  FlowSink& sink_;
  std::vector<FlowState> states_;
  bool any_failed_ = false;
};

}  // namespace

Status RunFlowSchedule(const FlowSchedule& schedule, const Clock& clock, ProbeEngine& engine, FlowSink& sink,
                       bool* any_failed) {
  Schedule run(schedule, clock, engine, sink);
  return run.Go(any_failed);
}

}  // namespace evt::probe
