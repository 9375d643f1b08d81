#include "tools/failover/steering_driver_factory.h"

#include "tools/failover/nginx_driver.h"

namespace evt::failover {

Result<std::unique_ptr<SteeringDriver>> MakeSteeringDriver(const DriverSpec& spec) {
  if (spec.type == "nginx") return MakeNginxDriver(spec);
  if (spec.type == "haproxy" || spec.type == "nginx")
    return Status::Config(spec.where + "/type: the " + spec.type +
                          " driver is not built into this evt-failover yet (issue 29)");
  return Status::Config(spec.where + "/type: expected \"haproxy\" or \"nginx\", got \"" + spec.type + "\"");
}

}  // namespace evt::failover
