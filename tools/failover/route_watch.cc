#include "tools/failover/route_watch.h"

#include "common/site_hold.h"
#include "tools/failover/steering_driver_factory.h"

namespace evt::failover {

Result<std::unique_ptr<RouteLoop>> MakeRouteLoop(const Options& o, const FailoverConfig& config,
                                                 const std::string& state_dir, RecordWriter& out) {
  if (config.routes.routes.empty()) return std::unique_ptr<RouteLoop>();
  std::vector<std::unique_ptr<SteeringDriver>> drivers;
  for (const RouteSpec& r : config.routes.routes) {
    EVT_ASSIGN_OR_RETURN(std::unique_ptr<SteeringDriver> d, MakeSteeringDriver(r.driver));
    drivers.push_back(std::move(d));
  }
  EVT_ASSIGN_OR_RETURN(RouteStore store, RouteStore::Open(state_dir));
  auto hold = std::make_shared<HoldKeeper>(state_dir);
  RouteReconciler::HoldCheck held = [hold](TimePoint now) -> std::optional<std::string> {
    const std::optional<SiteHold>& h = hold->At(now);
    return h ? std::optional(HoldText(*h)) : std::nullopt;
  };
  GovernorReader governor;
  if (config.routes.reduced && config.routes.reduced->governor_level) {
    std::vector<std::string> args;
    if (!o.common.config.empty()) args.insert(args.end(), {"--config", o.common.config});
    args.insert(args.end(), {"--state-dir", state_dir});
    governor = ChildGovernorReader(std::move(args));
  }
  auto loop = std::make_unique<RouteLoop>(config.routes, config.spec.damping, std::move(drivers), std::move(store), out,
                                          std::move(held), std::move(governor));
  EVT_ASSIGN_OR_RETURN(CanaryStore canaries, CanaryStore::Open(state_dir));
  loop->WatchCanaries(std::move(canaries));
  return loop;
}

}  // namespace evt::failover
