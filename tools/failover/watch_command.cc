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
  probe::ProbeEngine engine(clock, static_cast<std::size_t>(o.concurrency));
  Watcher watcher(session, clock, WatchSchedule(config->targets, fast));
  Status run = watcher.Run(engine);
  Status saved = session.Finish();
  return run.ok() ? saved : run;
}

}  // namespace evt::failover
