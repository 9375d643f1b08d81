// Reduced service mode on the proxies (doc/design.md §16): the limits of
// failover.modes.reduced given to the driver of each limited route, once
// per proxy (routes whose drivers share a Name() share a proxy), each
// driver returning what was there before as a restore token. Leaving hands
// every token back, so the proxies end exactly as they were; essential
// routes are never limited (route_config.h refuses them).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "tools/failover/route_config.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

using RestoreTokens = std::map<std::string, std::string>;  // driver Name() -> token

// `drivers[i]` is route i's. On a failure the proxies entered before are
// left again (their tokens handed back) and the Status names the proxy
// that refused, in its words.
Result<RestoreTokens> EnterReducedMode(const RouteSection& section, const std::vector<SteeringDriver*>& drivers);
// Every proxy is tried; the first failure is returned with the proxy's name.
Status LeaveReducedMode(const RestoreTokens& tokens, const std::vector<SteeringDriver*>& drivers);

}  // namespace evt::failover
