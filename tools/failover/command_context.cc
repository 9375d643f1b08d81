#include "tools/failover/command_context.h"

#include <cstdlib>
#include <string>

#include "common/config.h"
#include "common/state_root.h"
#include "common/state_dir.h"
#include "tools/failover/actions.h"

namespace evt::failover {

Result<FailoverConfig> LoadFailoverConfig(const Options& o) {
  Result<std::string> path = FindConfigFile(o.common.config);
  if (!path.ok()) return path.status();
  Result<Config> config = LoadConfig(*path);
  if (!config.ok()) return config.status();
  return ReadFailoverConfig(*config);
}

Result<FailoverStore> OpenFailoverStore(const Options& o) {
  Result<std::string> dir = ResolveStateDir(o.common);
  if (!dir.ok()) return dir.status();
  return FailoverStore::Open(*dir);
}

Status RefuseInsideAction(const char* command) {
  const char* inside = std::getenv(kInActionVariable);
  if (!inside || std::string(inside).empty()) return Status::Ok();
  return Status::Usage(std::string(command) +
                       ": refused inside a failover action: an action must not call back into the decision it "
                       "is part of");
}

Result<DaemonParts> OpenDaemonParts(const Options& o, const char* command, const char* daemon, const Clock& clock) {
  EVT_RETURN_IF_ERROR(RefuseInsideAction(command));
  EVT_ASSIGN_OR_RETURN(FailoverConfig config, LoadFailoverConfig(o));
  EVT_ASSIGN_OR_RETURN(FailoverStore store, OpenFailoverStore(o));
  EVT_ASSIGN_OR_RETURN(DaemonGuard guard, StartDaemon(o, daemon, clock));
  return DaemonParts{std::move(config), std::move(store), std::move(guard)};
}

}  // namespace evt::failover
