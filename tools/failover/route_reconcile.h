// Bringing each route's proxy to the weights the decider wants (doc/design.md
// §16): through its SteeringDriver, verified by the read-back the driver
// returns. A failed apply is reported with the driver's own words and
// retried with backoff (1 s doubling to 60 s); it is never claimed: a
// route's weights count as applied only when read back. While the site is
// held (site_hold.h) nothing is applied, the record says so once, and
// what was held back is applied when the hold ends.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/time_format.h"
#include "tools/failover/route_decider.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

inline constexpr Duration kFirstRetry{1000};
inline constexpr Duration kLongestRetry{60000};
inline constexpr Duration kHoldRecheck{1000};

// One attempt, or one refusal to attempt: a `weights` record.
struct ApplyReport {
  WeightsEvent wanted;             // route, before (the last verified weights), after, reason
  std::string driver;              // SteeringDriver::Name()
  bool verified = false;           // read back as `after`
  std::optional<BackendState> read_back;
  std::string error;               // the driver's words, or how the read-back differs
  std::string held;                // the hold's text when held
  int attempt = 0;                 // 1 for the first try of these weights
  std::optional<TimePoint> retry_at;
};

// Whether `state` carries `weights`: every member at its weight, and no
// other server of the backend taking traffic.
bool CarriesWeights(const std::vector<MemberWeight>& weights, const BackendState& state);

class RouteReconciler {
 public:
  // The hold in force at a time, in words, or nullopt.
  using HoldCheck = std::function<std::optional<std::string>(TimePoint)>;

  // `backends[i]` and `drivers[i]` belong to the decider's route i.
  RouteReconciler(std::vector<std::string> backends, std::vector<std::unique_ptr<SteeringDriver>> drivers,
                  HoldCheck held);

  // Route `route` (an index) wants `e.after`: tried now, or held.
  void Want(std::size_t route, const WeightsEvent& e, TimePoint now, std::vector<ApplyReport>* out);
  // Retries whose time has come, and what a lifted hold held back.
  void Tick(TimePoint now, std::vector<ApplyReport>* out);

  // The weights last read back as applied (empty before any).
  const std::vector<MemberWeight>& applied(std::size_t route) const { return routes_[route].applied; }
  bool pending(std::size_t route) const { return routes_[route].pending; }
  std::optional<TimePoint> NextDue() const;

 private:
  struct RouteState {
    std::string backend;
    std::unique_ptr<SteeringDriver> driver;
    WeightsEvent wanted;
    std::vector<MemberWeight> applied;
    bool pending = false;
    bool held_reported = false;
    int attempts = 0;
    Duration backoff = kFirstRetry;
    TimePoint next_try{};
  };

  void Attempt(RouteState& r, TimePoint now, std::vector<ApplyReport>* out);

  std::vector<RouteState> routes_;
  HoldCheck held_;
};

}  // namespace evt::failover
