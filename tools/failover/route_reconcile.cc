#include "tools/failover/route_reconcile.h"

#include <algorithm>

namespace evt::failover {

bool CarriesWeights(const std::vector<MemberWeight>& weights, const BackendState& state) {
  for (const MemberState& m : state.members) {
    const auto w = std::find_if(weights.begin(), weights.end(), [&](const MemberWeight& x) { return x.member == m.member; });
    if (m.weight != (w == weights.end() ? 0 : w->weight)) return false;
  }
  return std::all_of(weights.begin(), weights.end(), [&](const MemberWeight& w) {
    return std::any_of(state.members.begin(), state.members.end(),
                       [&](const MemberState& m) { return m.member == w.member; });
  });
}

RouteReconciler::RouteReconciler(std::vector<std::string> backends,
                                 std::vector<std::unique_ptr<SteeringDriver>> drivers, HoldCheck held)
    : held_(std::move(held)) {
  for (std::size_t i = 0; i < backends.size(); ++i) {
    RouteState r;
    r.backend = std::move(backends[i]);
    r.driver = std::move(drivers[i]);
    routes_.push_back(std::move(r));
  }
}

void RouteReconciler::Want(std::size_t route, const WeightsEvent& e, TimePoint now, std::vector<ApplyReport>* out) {
  RouteState& r = routes_[route];
  r.wanted = e;
  if (!r.applied.empty()) r.wanted.before = r.applied;
  r.pending = true;
  r.held_reported = false;
  r.attempts = 0;
  r.backoff = kFirstRetry;
  Attempt(r, now, out);
}

void RouteReconciler::Tick(TimePoint now, std::vector<ApplyReport>* out) {
  for (RouteState& r : routes_)
    if (r.pending && now >= r.next_try) Attempt(r, now, out);
}

void RouteReconciler::Attempt(RouteState& r, TimePoint now, std::vector<ApplyReport>* out) {
  ApplyReport report;
  report.wanted = r.wanted;
  report.driver = r.driver->Name();
  report.wanted.at = now;
  if (std::optional<std::string> hold = held_ ? held_(now) : std::nullopt) {
    // Asked again every second: a lifted hold is noticed within one, and
    // site.db is not read ten times a second while a person works.
    r.next_try = now + kHoldRecheck;
    if (r.held_reported) return;
    r.held_reported = true;
    report.held = *hold;
    report.error = "not applied: " + *hold;
    out->push_back(std::move(report));
    return;
  }
  report.attempt = ++r.attempts;
  Result<BackendState> read = r.driver->ApplyWeights(r.backend, r.wanted.after);
  if (read.ok()) {
    report.read_back = *read;
    report.verified = CarriesWeights(r.wanted.after, *read);
    if (!report.verified) report.error = "the proxy reads back other weights than those applied";
  } else {
    report.error = read.status().message();
  }
  if (report.verified) {
    r.applied = r.wanted.after;
    r.pending = false;
  } else {
    r.next_try = now + r.backoff;
    report.retry_at = r.next_try;
    r.backoff = std::min<Duration>(r.backoff * 2, kLongestRetry);
  }
  out->push_back(std::move(report));
}

std::optional<TimePoint> RouteReconciler::NextDue() const {
  std::optional<TimePoint> due;
  for (const RouteState& r : routes_)
    if (r.pending && (!due || r.next_try < *due)) due = r.next_try;
  return due;
}

}  // namespace evt::failover
