// A ProbeRunner for tests (ninja's FakeCommandRunner): attempts take
// `takes` of a ManualClock and succeed unless `fails` says otherwise. Poll
// moves the clock to the next finish, or by its whole budget but not past
// `run_for`, and asks the process to stop once that has passed (a stop
// ends the engine's wait too), so a run that would go on
// until a signal ends. Shared by the scheduler's, watch's and the flow
// engine's tests; the flow tests answer per request (`takes_for`,
// `answer`), and an attempt longer than its check's timeout times out as
// the engine's would.
#pragma once

#include <algorithm>
#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/process_state.h"
#include "engine/probe/probe_runner.h"

namespace evt::probe::testing {

class FakeProbeRunner final : public ProbeRunner {
 public:
  struct Attempt {
    std::string target;
    std::int64_t started_ms;  // since the runner was made
    std::int64_t ended_ms = -1;
    bool ok = true;
    std::string subject;  // the check's URL, address or name
  };

  FakeProbeRunner(ManualClock& clock, Duration run_for) : clock_(clock), origin_(clock.Monotonic()), run_for_(run_for) {}

  // Whether an attempt at `target` started at `at_ms` fails.
  std::function<bool(const std::string& target, std::int64_t at_ms)> fails = [](const std::string&, std::int64_t) {
    return false;
  };
  Duration takes{10};
  // What an attempt at `check` takes, when set; else `takes`.
  std::function<Duration(const Check& check)> takes_for;
  // Fills in the response of an attempt that did not time out (status,
  // body, headers), or makes it a failure (ok = false and an error).
  std::function<void(const Check& check, ProbeResult& response)> answer;
  // Called after each step of the clock, with the time since the start.
  std::function<void(std::int64_t now_ms)> on_step = [](std::int64_t) {};

  // Every attempt, in the order started.
  std::vector<Attempt> attempts;

  std::int64_t NowMs() const {
    return std::chrono::duration_cast<Duration>(clock_.Monotonic() - origin_).count();
  }

  // The start times of the attempts at `target`.
  std::vector<std::int64_t> Starts(const std::string& target) const {
    std::vector<std::int64_t> out;
    for (const Attempt& a : attempts)
      if (a.target == target) out.push_back(a.started_ms);
    return out;
  }

  void Start(const Check& check, Done done) override {
    const std::int64_t now = NowMs();
    attempts.push_back({check.target, now, -1, !fails(check.target, now), check.Subject()});
    const Duration lasts = takes_for ? takes_for(check) : takes;
    const bool times_out = lasts > check.timeout;
    running_.push_back({attempts.size() - 1, now + std::min(lasts, check.timeout).count(), &check, times_out,
                        std::move(done)});
  }

  std::size_t Poll(std::chrono::milliseconds max_wait) override {
    std::int64_t next = NowMs() + max_wait.count();
    for (const Running& r : running_) next = std::min(next, r.ends_ms);
    // The stop at run_for ends the wait, as SIGTERM ends ProbeEngine's.
    if (NowMs() < run_for_.count()) next = std::min(next, run_for_.count());
    clock_.Advance(Duration(std::max<std::int64_t>(next - NowMs(), 0)));
    if (NowMs() >= run_for_.count()) RequestStop(SIGTERM);
    on_step(NowMs());
    std::vector<Running> done;
    auto finished = [&](const Running& r) { return r.ends_ms <= NowMs(); };
    std::copy_if(running_.begin(), running_.end(), std::back_inserter(done), finished);
    running_.erase(std::remove_if(running_.begin(), running_.end(), finished), running_.end());
    for (Running& r : done) {
      Attempt& a = attempts[r.attempt];
      a.ended_ms = NowMs();
      ProbeResult result;
      result.target = a.target;
      result.type = r.check->type;
      result.subject = a.subject;
      result.ok = a.ok && !r.times_out;
      result.error = r.times_out ? "timeout after " + std::to_string(r.check->timeout.count()) + " ms"
                     : a.ok      ? ""
                                 : "connection refused";
      result.total_ms = static_cast<double>(a.ended_ms - a.started_ms);
      if (answer && !r.times_out) answer(*r.check, result);
      a.ok = result.ok;
      r.done(std::move(result));
    }
    return done.size();
  }

 private:
  struct Running {
    std::size_t attempt;
    std::int64_t ends_ms;
    const Check* check;  // outlives the attempt (ProbeRunner::Start)
    bool times_out;
    Done done;
  };

  ManualClock& clock_;
  std::chrono::steady_clock::time_point origin_;
  Duration run_for_;
  std::vector<Running> running_;
};

}  // namespace evt::probe::testing
