#include "engine/probe/scheduler.h"

#include <algorithm>

#include "common/process_state.h"

namespace evt::probe {

using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

// The longest Poll() waits when nothing is due sooner. A stop signal ends
// the engine's wait at once (StopWakeupFd()); this bounds it for runners
// that do not watch that fd. Every wait is a wake-up of an idle daemon on
// a battery: at 50 ms, 20 a second with nothing to do.
constexpr std::chrono::milliseconds kMaxWait{1000};

struct TargetState {
  const ScheduledTarget* target = nullptr;
  SteadyTime next_due{};
  SteadyTime attempt_started{};
  std::int64_t attempts = 0;
  bool in_flight = false;
  ProbeWindow window;
};

class Run {
 public:
  Run(const Schedule& schedule, const Clock& clock, ProbeRunner& runner, ProbeSink& sink, const ScheduleHooks& hooks)
      : schedule_(schedule), clock_(clock), runner_(runner), sink_(sink), hooks_(hooks) {
    SteadyTime start = clock.Monotonic();
    std::size_t n = schedule.targets.size();
    for (std::size_t i = 0; i < n; ++i) {
      TargetState state;
      state.target = &schedule.targets[i];
      // Spread the first attempts over one interval so targets are not
      // probed in lockstep; a single round starts everything at once.
      if (Repeating() && schedule.spread_start)
        state.next_due = start + state.target->interval * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(n);
      else
        state.next_due = start;
      states_.push_back(std::move(state));
    }
  }

  Status Go(bool* any_failed) {
    next_tick_ = clock_.Monotonic();
    while (!StopRequested() && status_.ok()) {
      StartDue();
      if (AllDone()) break;
      if (status_.ok()) status_ = sink_.BeforeWait();
      if (!status_.ok()) break;
      runner_.Poll(WaitBudget());
      if (status_.ok()) TickIfDue();
    }
    if (status_.ok()) FlushWindows();
    if (status_.ok()) status_ = sink_.OnEnd();
    if (any_failed != nullptr) *any_failed = any_failed_;
    return status_;
  }

 private:
  bool Repeating() const { return !schedule_.count || *schedule_.count > 1; }
  bool HasAttemptsLeft(const TargetState& s) const { return !schedule_.count || s.attempts < *schedule_.count; }

  void StartDue() {
    SteadyTime now = clock_.Monotonic();
    for (std::size_t i = 0; i < states_.size(); ++i) {
      TargetState& s = states_[i];
      if (s.in_flight || !HasAttemptsLeft(s) || now < s.next_due) continue;
      s.in_flight = true;
      s.attempt_started = now;
      std::int64_t attempt = ++s.attempts;
      runner_.Start(s.target->check, [this, i, attempt](ProbeResult r) {
        r.attempt = attempt;
        Finished(states_[i], std::move(r));
      });
    }
  }

  void Finished(TargetState& s, ProbeResult r) {
    s.in_flight = false;
    if (!r.ok) any_failed_ = true;
    if (!status_.ok()) return;
    status_ = sink_.OnProbe(r);
    if (status_.ok() && hooks_.tick && hooks_.tick_in) next_tick_ = std::min(next_tick_, TickAfter(clock_.Monotonic()));
    const bool fast = hooks_.fast_now ? hooks_.fast_now(*s.target, r) : !r.ok;
    s.next_due = NextDue(*s.target, fast, r.ok, s.attempt_started, clock_.Monotonic());
    if (!Repeating()) return;
    s.window.Add(r.ok ? std::optional<double>(r.total_ms) : std::nullopt);
    if (status_.ok() && s.window.sent() >= schedule_.window) EmitWindow(s);
  }

  void TickIfDue() {
    if (!hooks_.tick || clock_.Monotonic() < next_tick_) return;
    status_ = hooks_.tick();
    next_tick_ = TickAfter(clock_.Monotonic());
  }

  SteadyTime TickAfter(SteadyTime now) const { return now + (hooks_.tick_in ? hooks_.tick_in() : hooks_.tick_every); }

  void EmitWindow(TargetState& s) {
    WindowIdentity who{s.target->check.target, s.target->check.type};
    status_ = sink_.OnWindow(who, s.window.Summarize());
    s.window.Reset();
  }

  void FlushWindows() {
    for (TargetState& s : states_)
      if (status_.ok() && s.window.sent() > 0) EmitWindow(s);
  }

  // An endless run ends only when stopped, even with no targets: watch's
  // always-up paths still need the tick.
  bool AllDone() const {
    if (!schedule_.count) return false;
    return std::none_of(states_.begin(), states_.end(),
                        [&](const TargetState& s) { return s.in_flight || HasAttemptsLeft(s); });
  }

  std::chrono::milliseconds WaitBudget() const {
    SteadyTime now = clock_.Monotonic();
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(kMaxWait);
    for (const TargetState& s : states_) {
      if (s.in_flight || !HasAttemptsLeft(s)) continue;
      auto until = std::chrono::ceil<std::chrono::milliseconds>(s.next_due - now);
      wait = std::min(wait, std::max(until, std::chrono::milliseconds(0)));
    }
    if (hooks_.tick) {
      auto until = std::chrono::ceil<std::chrono::milliseconds>(next_tick_ - now);
      wait = std::min(wait, std::max(until, std::chrono::milliseconds(0)));
    }
    return wait;
  }

  const Schedule& schedule_;
  const Clock& clock_;
  ProbeRunner& runner_;
  ProbeSink& sink_;
  const ScheduleHooks& hooks_;
  SteadyTime next_tick_{};
  std::vector<TargetState> states_;
  Status status_;
  bool any_failed_ = false;
};

}  // namespace

SteadyTime NextDue(const ScheduledTarget& target, bool fast, bool ok, SteadyTime started, SteadyTime ended) {
  const Duration gap = fast ? target.fast_interval.value_or(target.interval) : target.interval;
  return (ok ? started : ended) + gap;
}

Status RunSchedule(const Schedule& schedule, const Clock& clock, ProbeRunner& runner, ProbeSink& sink,
                   bool* any_failed, const ScheduleHooks& hooks) {
  Run run(schedule, clock, runner, sink, hooks);
  return run.Go(any_failed);
}

}  // namespace evt::probe
