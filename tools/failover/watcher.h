// The loop of `evt-failover watch`: the probe engine's scheduler probing
// the paths' targets, each at its interval and at its fast interval while a
// path using it is between up and down (HAProxy's fastinter: after a first
// failure, and while rising); every result goes to the session, whose
// timers (failback, damping, force requests) tick ten times a second while
// one runs, and only when the session next has work while all is quiet.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/duration.h"
#include "common/status.h"
#include "engine/probe/config_targets.h"
#include "engine/probe/probe_runner.h"
#include "engine/probe/probe_sink.h"
#include "engine/probe/scheduler.h"
#include "tools/failover/session.h"

namespace evt::failover {

// How often the session's timers are looked at while one runs.
inline constexpr Duration kTickEvery{100};

// The schedule watch runs: every probe of `targets` (flow targets are not
// run by watch and are skipped with a warning), until stopped, all started
// at once. A target's fast interval is its own fast_interval, else
// `fast_interval` (the failover section's), and never longer than its
// interval.
probe::Schedule WatchSchedule(const std::vector<probe::ConfigTarget>& targets, Duration fast_interval);

class Watcher final : private probe::ProbeSink {
 public:
  // Run after every tick of the session's timers, in the loop, with
  // whether every scheduled target has been heard from at least once.
  using AfterTick = std::function<Status(bool all_heard)>;

  // `session` (started, with actions run beside) and `clock` must outlive
  // the watcher.
  Watcher(Session& session, const Clock& clock, probe::Schedule schedule, AfterTick after_tick = nullptr);

  // Every probe result goes to `hook` too, after the session (traffic
  // steering's member targets: route_watch.h).
  using ObserveHook = std::function<Status(const Observation&, TimePoint now)>;
  void AlsoObserve(ObserveHook hook) { also_observe_ = std::move(hook); }

  // Probes on `runner` until StopRequested() or the session's first error.
  Status Run(probe::ProbeRunner& runner);

 private:
  Status OnProbe(const probe::ProbeResult& result) override;
  Status OnWindow(const probe::WindowIdentity&, const probe::WindowSummary&) override { return Status::Ok(); }

  Session& session_;
  const Clock& clock_;
  probe::Schedule schedule_;
  AfterTick after_tick_;
  ObserveHook also_observe_;
  std::set<std::string, std::less<>> unheard_;  // scheduled targets without a result yet
};

}  // namespace evt::failover
