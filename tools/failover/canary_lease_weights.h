// What the watch daemon gives a route a canary holds (doc/design.md §19):
// the canary's weights in place of the decider's, so the daemon never
// undoes a canary step. A failed baseline member's share goes to the other
// baseline members only (never to the canary, which would be a step
// nobody judged); the canary member failing is reported for the canary to
// count as a failed step. A promoted canary keeps 100 % until the config
// gives the new member its share (then the config rules again).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/failover/canary_store.h"
#include "tools/failover/route_config.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

struct CanaryLeaseWeights {
  std::vector<MemberWeight> weights;
  std::string reason;        // "canary v2 step 2/4 (25 %) holds the route"
  bool canary_down = false;  // the canary member is down: tell the canary (CanaryStore::MarkCanaryDown)
};

// nullopt when `run` does not hold the route: rolled back, or promoted and
// the config has caught up (the canary is no longer a member without a
// share), or the run is not for this route. `member_up` is the decider's
// view of each of route.members, in order.
std::optional<CanaryLeaseWeights> WeightsUnderCanary(const RouteSpec& route, const CanaryRun& run,
                                                     const std::vector<bool>& member_up);

}  // namespace evt::failover
