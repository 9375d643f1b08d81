// `evt-failover watch`: the daemon. Probes the paths' targets in-process
// with the probe core, each at its interval, and at fast_interval while a
// path using it is between up and down (HAProxy's fastinter: after a first
// failure, and while rising); decides on every result and ticks the timers
// (failback, damping, force) ten times a second.
#include <algorithm>
#include <chrono>
#include <deque>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/process_state.h"
#include "engine/probe/probe_engine.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/daemon_guard.h"
#include "tools/failover/session.h"

namespace evt::failover {
namespace {

using Steady = std::chrono::steady_clock;
constexpr Duration kTickEvery{100};

struct Slot {
  const probe::ScheduledTarget* target;
  Steady::time_point next_due;
  bool in_flight = false;
};

std::vector<Slot> MakeSlots(const std::vector<probe::ConfigTarget>& targets, Steady::time_point start) {
  std::vector<Slot> slots;
  for (const probe::ConfigTarget& t : targets) {
    if (t.probes.empty()) PrintWarning("target " + t.name + ": " + t.check + " checks are not run by watch; skipped");
    for (const probe::ScheduledTarget& s : t.probes) slots.push_back({&s, start, false});
  }
  return slots;
}

struct Finished {
  std::size_t slot;
  probe::ProbeResult result;
  Steady::time_point at;
};

class Watcher {
 public:
  Watcher(Session& session, const Clock& clock, std::vector<Slot> slots, std::size_t concurrency, Duration fast)
      : session_(session), clock_(clock), slots_(std::move(slots)), engine_(clock, concurrency), fast_(fast) {}

  Status Run() {
    auto next_tick = clock_.Monotonic();
    while (!StopRequested()) {
      StartDue();
      engine_.Poll(Wait(next_tick));
      EVT_RETURN_IF_ERROR(HandleFinished());
      if (clock_.Monotonic() >= next_tick) {
        EVT_RETURN_IF_ERROR(session_.Tick(clock_.Now()));
        next_tick = clock_.Monotonic() + kTickEvery;
      }
    }
    return Status::Ok();
  }

 private:
  void StartDue() {
    const auto now = clock_.Monotonic();
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      Slot& s = slots_[i];
      if (s.in_flight || s.next_due > now) continue;
      s.in_flight = true;
      engine_.Start(s.target->check, [this, i](probe::ProbeResult r) {
        finished_.push_back({i, std::move(r), clock_.Monotonic()});
      });
    }
  }

  std::chrono::milliseconds Wait(Steady::time_point next_tick) const {
    auto until = next_tick;
    for (const Slot& s : slots_)
      if (!s.in_flight) until = std::min(until, s.next_due);
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_.Monotonic());
    return std::clamp(wait, std::chrono::milliseconds(0), std::chrono::milliseconds(kTickEvery));
  }

  Status HandleFinished() {
    while (!finished_.empty()) {
      Finished f = std::move(finished_.front());
      finished_.pop_front();
      Slot& s = slots_[f.slot];
      s.in_flight = false;
      const probe::ProbeResult& r = f.result;
      bool used = false;
      EVT_RETURN_IF_ERROR(
          session_.Observe(Observation{r.target, r.ok, r.total_ms, r.error}, clock_.Now(), &used));
      const bool fast = session_.decider().Transitional(r.target);
      const Duration interval = fast ? std::min(fast_, s.target->interval) : s.target->interval;
      // After a success the interval runs from the attempt's start, so a
      // steady target is probed at its interval; after a failure from its
      // end, so a timed-out probe is not retried back to back.
      const auto started = f.at - std::chrono::duration_cast<Steady::duration>(
                                      std::chrono::duration<double, std::milli>(r.total_ms));
      s.next_due = (r.ok ? started : f.at) + interval;
    }
    return Status::Ok();
  }

  Session& session_;
  const Clock& clock_;
  std::vector<Slot> slots_;
  probe::ProbeEngine engine_;
  Duration fast_;
  std::deque<Finished> finished_;
};

}  // namespace

Status RunWatch(const Options& o) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction("watch"));
  Result<FailoverConfig> config = LoadFailoverConfig(o);
  if (!config.ok()) return config.status();
  Result<FailoverStore> store = OpenFailoverStore(o);
  if (!store.ok()) return store.status();
  SystemClock clock;
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  const Duration fast = config->spec.fast_interval;
  Result<DaemonGuard> daemon = StartDaemon(o, kWatchDaemon, clock);
  if (!daemon.ok()) return daemon.status();
  Session session(std::move(config->spec), *store, out, clock, daemon->hooks);
  session.RunActionsBeside();  // probes and timers go on while an action runs
  EVT_RETURN_IF_ERROR(session.Start());
  Watcher watcher(session, clock, MakeSlots(config->targets, clock.Monotonic()),
                  static_cast<std::size_t>(o.concurrency), fast);
  Status run = watcher.Run();
  Status saved = session.Finish();
  return run.ok() ? saved : run;
}

}  // namespace evt::failover
