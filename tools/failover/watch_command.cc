// `evt-failover watch`: the daemon. Wiring: the config, the store, the
// daemon guard and the session around the watch loop (watcher.h), which
// probes in-process on the probe engine.
#include "common/clock.h"
#include "common/json_writer.h"
#include "engine/probe/probe_engine.h"
#include "tools/failover/command_context.h"
#include "tools/failover/commands.h"
#include "tools/failover/daemon_guard.h"
#include "tools/failover/session.h"
#include "tools/failover/watcher.h"

namespace evt::failover {

Status RunWatch(const Options& o) {
  SystemClock clock;
  EVT_ASSIGN_OR_RETURN(DaemonParts parts, OpenDaemonParts(o, "watch", kWatchDaemon, clock));
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  const Duration fast = parts.config.spec.fast_interval;
  Session session(std::move(parts.config.spec), parts.store, out, clock, parts.daemon.hooks);
  session.RunActionsBeside();  // probes and timers go on while an action runs
  EVT_RETURN_IF_ERROR(session.Start());
  probe::ProbeEngine engine(clock, static_cast<std::size_t>(o.concurrency));
  Watcher watcher(session, clock, WatchSchedule(parts.config.targets, fast));
  Status run = watcher.Run(engine);
  Status saved = session.Finish();
  return run.ok() ? saved : run;
}

}  // namespace evt::failover
