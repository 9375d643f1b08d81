// What the commands share: the config and the state store, found the way
// doc/design.md §4.2 and §5.1 say, and the guard against an action calling back in.
#pragma once

#include "common/clock.h"
#include "common/status.h"
#include "tools/failover/cli.h"
#include "tools/failover/daemon_guard.h"
#include "tools/failover/failover_config.h"
#include "tools/failover/failover_store.h"

namespace evt::failover {

Result<FailoverConfig> LoadFailoverConfig(const Options& o);
Result<FailoverStore> OpenFailoverStore(const Options& o);
// Usage error when run from one of our own actions (kInActionVariable).
Status RefuseInsideAction(const char* command);

// What decide and watch hold before their session starts: the config, the
// store and the daemon's heartbeat, after refusing to run inside an action.
struct DaemonParts {
  FailoverConfig config;
  FailoverStore store;
  DaemonGuard daemon;
};
Result<DaemonParts> OpenDaemonParts(const Options& o, const char* command, const char* daemon, const Clock& clock);

}  // namespace evt::failover
