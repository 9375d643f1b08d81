// What the commands share: the config and the state store, found the way
// doc/design.md §4.2 and §5.1 say, and the guard against an action calling back in.
#pragma once

#include "common/status.h"
#include "tools/failover/cli.h"
#include "tools/failover/failover_config.h"
#include "tools/failover/failover_store.h"

namespace evt::failover {

Result<FailoverConfig> LoadFailoverConfig(const Options& o);
Result<FailoverStore> OpenFailoverStore(const Options& o);
// Usage error when run from one of our own actions (kInActionVariable).
Status RefuseInsideAction(const char* command);

}  // namespace evt::failover
