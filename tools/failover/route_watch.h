// Wiring traffic steering into `evt-failover watch` (watch_command.cc):
// the drivers made from the config, the route store, the site hold and the
// governor reader around a RouteLoop; none when the config has no routes.
#pragma once

#include <memory>
#include <string>

#include "common/json_writer.h"
#include "tools/failover/cli.h"
#include "tools/failover/failover_config.h"
#include "tools/failover/route_loop.h"

namespace evt::failover {

// REQUIRES: called before config.spec is moved into the session.
Result<std::unique_ptr<RouteLoop>> MakeRouteLoop(const Options& o, const FailoverConfig& config,
                                                 const std::string& state_dir, RecordWriter& out);

}  // namespace evt::failover
