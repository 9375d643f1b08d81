// Traffic steering inside `evt-failover watch` (doc/design.md §16): the
// route decider fed the same probe results as the paths' decider and the
// paths' state after each of its ticks; desired weights brought to the
// proxies by the reconciler; reduced service mode entered and left on
// request (`evt-failover mode`, through failover.db), at its end time, or
// by the budget governor's level (polled at most every 10 s). Every
// `weights` and `mode` record is added to the history and written out.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json_writer.h"
#include "common/time_format.h"
#include "tools/failover/canary_lease_weights.h"
#include "tools/failover/canary_store.h"
#include "tools/failover/decider.h"
#include "tools/failover/route_decider.h"
#include "tools/failover/route_governor.h"
#include "tools/failover/route_mode.h"
#include "tools/failover/route_reconcile.h"
#include "tools/failover/route_record.h"
#include "tools/failover/route_store.h"

namespace evt::failover {

inline constexpr Duration kGovernorEvery{10000};
inline constexpr Duration kModeRequestsEvery{500};

class RouteLoop {
 public:
  // `drivers[i]` is route i's; `governor` may be empty (no governor_level).
  // `out` must outlive the loop.
  RouteLoop(RouteSection section, std::optional<DampingSpec> damping,
            std::vector<std::unique_ptr<SteeringDriver>> drivers, RouteStore store, RecordWriter& out,
            RouteReconciler::HoldCheck held, GovernorReader governor);

  // Honour canaries' leases from `store` (the same failover.db). Call
  // before Start.
  void WatchCanaries(CanaryStore store) { canaries_.emplace(std::move(store)); }

  // Resumes the stored mode, then applies each route's weights.
  Status Start(TimePoint now);
  Status Observe(const Observation& o, TimePoint now);
  // After the paths' decider has ticked: path members follow `paths`,
  // ramps and retries, mode requests, the governor, the mode's end.
  Status AfterTick(const Decider& paths, TimePoint now);

  const RouteDecider& decider() const { return decider_; }
  const ModeState& mode() const { return mode_; }

 private:
  Status Apply(std::size_t route, const WeightsEvent& e, TimePoint now);
  Status Emit(const std::vector<ApplyReport>& reports, TimePoint now);
  Status EmitMode(const ModeChange& change);
  Status Enter(const std::string& by, std::optional<TimePoint> until, const std::string& reason, TimePoint now);
  Status Leave(const std::string& reason, TimePoint now);
  Status TakeModeRequests(TimePoint now);
  Status FollowGovernor(TimePoint now);
  Status FollowCanaries(TimePoint now, bool force);
  std::optional<CanaryLeaseWeights> UnderCanary(std::size_t route) const;

  RouteDecider decider_;
  std::vector<SteeringDriver*> drivers_;  // owned by reconciler_
  RouteReconciler reconciler_;
  RouteStore store_;
  RecordWriter& out_;
  GovernorReader governor_;
  ModeState mode_;
  std::string active_;  // the active path, for the records
  std::optional<TimePoint> next_requests_, next_governor_, leave_retry_at_, next_canaries_;
  std::optional<CanaryStore> canaries_;
  std::vector<CanaryRun> canary_runs_;  // as last read
  std::map<std::string, std::vector<MemberWeight>> canary_applied_;  // route -> the lease's weights last wanted
};

}  // namespace evt::failover
