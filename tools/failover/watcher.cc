#include "tools/failover/watcher.h"

#include <algorithm>

#include "common/messages.h"

namespace evt::failover {

probe::Schedule WatchSchedule(const std::vector<probe::ConfigTarget>& targets, Duration fast_interval) {
  probe::Schedule schedule;
  schedule.count = std::nullopt;
  // The first decision needs every path's targets: no spreading.
  schedule.spread_start = false;
  for (const probe::ConfigTarget& t : targets) {
    if (t.probes.empty()) PrintWarning("target " + t.name + ": " + t.check + " checks are not run by watch; skipped");
    for (probe::ScheduledTarget s : t.probes) {
      s.fast_interval = std::min(s.fast_interval.value_or(fast_interval), s.interval);
      schedule.targets.push_back(std::move(s));
    }
  }
  return schedule;
}

Watcher::Watcher(Session& session, const Clock& clock, probe::Schedule schedule, AfterTick after_tick)
    : session_(session), clock_(clock), schedule_(std::move(schedule)), after_tick_(std::move(after_tick)) {
  for (const probe::ScheduledTarget& t : schedule_.targets) unheard_.insert(t.check.target);
}

Status Watcher::Run(probe::ProbeRunner& runner) {
  probe::ScheduleHooks hooks;
  hooks.fast_now = [this](const probe::ScheduledTarget&, const probe::ProbeResult& r) {
    return session_.decider().Transitional(r.target);
  };
  hooks.tick = [this] {
    EVT_RETURN_IF_ERROR(session_.Tick(clock_.Now()));
    return after_tick_ ? after_tick_(unheard_.empty()) : Status::Ok();
  };
  hooks.tick_every = kTickEvery;
  // Ten ticks a second only while something is timed: until every target
  // has answered (the first decision is published at once) and while a
  // session timer runs. All quiet, the next tick is when the session
  // next has work, a wake-up or two a second instead of ten.
  hooks.tick_in = [this] { return (unheard_.empty() ? session_.QuietFor() : std::nullopt).value_or(kTickEvery); };
  return probe::RunSchedule(schedule_, clock_, runner, *this, nullptr, hooks);
}

Status Watcher::OnProbe(const probe::ProbeResult& r) {
  if (!unheard_.empty()) {
    if (auto it = unheard_.find(r.target); it != unheard_.end()) unheard_.erase(it);
  }
  bool used = false;
  const Observation o{r.target, r.ok, r.total_ms, r.error};
  EVT_RETURN_IF_ERROR(session_.Observe(o, clock_.Now(), &used));
  return also_observe_ ? also_observe_(o, clock_.Now()) : Status::Ok();
}

}  // namespace evt::failover
