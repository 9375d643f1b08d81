#include "tools/failover/steering_driver_factory.h"

#include "tools/failover/haproxy_driver.h"
#include "tools/failover/nginx_driver.h"

namespace evt::failover {

Result<std::unique_ptr<SteeringDriver>> MakeSteeringDriver(const DriverSpec& spec) {
  if (spec.type == "haproxy") return MakeHaproxyDriver(spec);
  if (spec.type == "nginx") return MakeNginxDriver(spec);
  return Status::Config(spec.where + "/type: expected \"haproxy\" or \"nginx\", got \"" + spec.type + "\"");
}

}  // namespace evt::failover
