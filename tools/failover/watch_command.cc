// `evt-failover watch`: the daemon. Wiring: the config, the store, the
// daemon guard and the session around the watch loop (watcher.h), which
// probes in-process on the probe engine; after each tick the textfile and
// the service manager are told (watch_report.h).
#include "common/clock.h"
#include "common/json_writer.h"
#include "common/state_root.h"
#include "engine/probe/probe_engine.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/daemon_guard.h"
#include "tools/failover/live_view.h"
#include "tools/failover/route_watch.h"
#include "tools/failover/service_notify.h"
#include "tools/failover/session.h"
#include "tools/failover/watch_report.h"
#include "tools/failover/watcher.h"

namespace evt::failover {

Status RunWatch(const Options& o) {
  SystemClock clock;
  EVT_ASSIGN_OR_RETURN(DaemonParts parts, OpenDaemonParts(o, "watch", kWatchDaemon, clock));
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(o.common));
  std::unique_ptr<FailoverLiveView> live = LiveViewOnTerminal(o.common, "watch", state_dir, clock);
  RecordWriter out(live ? live->records_file() : stdout, FlushPolicy::kEveryRecord);
  const Duration fast = parts.config.spec.fast_interval;
  EVT_ASSIGN_OR_RETURN(std::unique_ptr<RouteLoop> routes, MakeRouteLoop(o, parts.config, state_dir, out));
  Session session(std::move(parts.config.spec), parts.store, out, clock, parts.daemon.hooks);
  if (live) live->Show(session);
  session.RunActionsBeside();  // probes and timers go on while an action runs
  EVT_RETURN_IF_ERROR(session.Start());
  if (routes) EVT_RETURN_IF_ERROR(routes->Start(clock.Now()));
  SystemdNotifier notifier;
  HoldKeeper hold(state_dir);
  WatchReport report(session, parts.store, hold, notifier, clock, o.textfile);
  EVT_RETURN_IF_ERROR(report.Begin());
  probe::ProbeEngine engine(clock, static_cast<std::size_t>(o.concurrency));
  Watcher watcher(session, clock, WatchSchedule(parts.config.targets, fast), [&](bool all_heard) {
    if (routes) EVT_RETURN_IF_ERROR(routes->AfterTick(session.decider(), clock.Now()));
    if (live) (void)live->Refresh();  // the screen is best effort; the tick is not
    return report.AfterTick(all_heard);
  });
  if (routes) watcher.AlsoObserve([&](const Observation& ob, TimePoint now) { return routes->Observe(ob, now); });
  Status run = watcher.Run(engine);
  report.Stopping();
  Status saved = session.Finish();
  return run.ok() ? saved : run;
}

}  // namespace evt::failover
