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

// The `route` and `mode` subcommands (route_command.cc, mode_command.cc).
void AddRouteCommands(CLI::App& app, Options& o);
void AddModeCommand(CLI::App& app, Options& o);


}  // namespace evt::failover
