// One function per subcommand, each in <subcommand>_command.cc; release,
// which only withdraws what force requested, shares force_command.cc.
#pragma once

#include "common/status.h"
#include "tools/failover/cli.h"

namespace evt::failover {

Status RunDecide(const Options& o);
Status RunWatch(const Options& o);
Status RunStatus(const Options& o);
Status RunHistory(const Options& o);
Status RunForce(const Options& o);
Status RunRelease(const Options& o);
Status RunRouteShow(const Options& o);
Status RunRouteSet(const Options& o);
Status RunMode(const Options& o);
Status RunCanary(const Options& o);
Status RunCanaryStatus(const Options& o);
Status RunCanaryAbort(const Options& o);

// The `route`, `mode` and `canary` subcommands (route_command.cc,
// mode_command.cc, canary_command.cc).
void AddRouteCommands(CLI::App& app, Options& o);
void AddModeCommand(CLI::App& app, Options& o);
void AddCanaryCommand(CLI::App& app, Options& o);


}  // namespace evt::failover
