// The driver a route's `driver` object names, made by its type's own
// factory (haproxy_driver.h, nginx_driver.h), which parses the rest of the
// object (doc/design.md §16).
#pragma once

#include <memory>

#include "common/status.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// Config (78) naming spec.where for an unknown type or what the type's
// factory refuses. Nothing is contacted.
Result<std::unique_ptr<SteeringDriver>> MakeSteeringDriver(const DriverSpec& spec);

}  // namespace evt::failover
