#include "tools/failover/route_loop.h"

#include "common/duration.h"
#include "common/messages.h"

namespace evt::failover {
namespace {

std::vector<SteeringDriver*> RawDrivers(const std::vector<std::unique_ptr<SteeringDriver>>& drivers) {
  std::vector<SteeringDriver*> out;
  for (const auto& d : drivers) out.push_back(d.get());
  return out;
}

std::vector<std::string> Backends(const RouteSection& section) {
  std::vector<std::string> out;
  for (const RouteSpec& r : section.routes) out.push_back(r.backend);
  return out;
}

constexpr const char* kGovernorBy = "the budget governor";

bool SameWeights(const std::vector<MemberWeight>& a, const std::vector<MemberWeight>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].member != b[i].member || a[i].weight != b[i].weight) return false;
  return true;
}

}  // namespace

RouteLoop::RouteLoop(RouteSection section, std::optional<DampingSpec> damping,
                     std::vector<std::unique_ptr<SteeringDriver>> drivers, RouteStore store, RecordWriter& out,
                     RouteReconciler::HoldCheck held, GovernorReader governor)
    : decider_(section, damping),
      drivers_(RawDrivers(drivers)),
      reconciler_(Backends(section), std::move(drivers), std::move(held)),
      store_(std::move(store)),
      out_(out),
      governor_(std::move(governor)) {}

Status RouteLoop::Start(TimePoint now) {
  EVT_ASSIGN_OR_RETURN(mode_, store_.LoadMode());
  EVT_RETURN_IF_ERROR(FollowCanaries(now, true));
  if (mode_.mode == "reduced" && mode_.until && *mode_.until <= now)
    EVT_RETURN_IF_ERROR(Leave("its time ended while no watch ran", now));
  for (std::size_t i = 0; i < decider_.section().routes.size(); ++i) {
    const std::vector<MemberWeight>& desired = decider_.desired(i);
    WeightsEvent e{decider_.section().routes[i].name, {}, desired, {}, true, "start: every member counts as up until checked", now};
    EVT_RETURN_IF_ERROR(Apply(i, e, now));
  }
  return Status::Ok();
}

Status RouteLoop::Apply(std::size_t route, const WeightsEvent& e, TimePoint now) {
  std::vector<ApplyReport> reports;
  if (std::optional<CanaryLeaseWeights> lease = UnderCanary(route)) {
    WeightsEvent held = e;
    held.after = lease->weights;
    held.realised.clear();
    held.reason = e.reason + "; " + lease->reason;
    canary_applied_[e.route] = lease->weights;
    reconciler_.Want(route, held, now, &reports);
  } else {
    reconciler_.Want(route, e, now, &reports);
  }
  return Emit(reports, now);
}

std::optional<CanaryLeaseWeights> RouteLoop::UnderCanary(std::size_t route) const {
  const RouteSpec& spec = decider_.section().routes[route];
  std::vector<bool> up;
  for (std::size_t m = 0; m < spec.members.size(); ++m) up.push_back(decider_.MemberUp(route, m));
  for (const CanaryRun& run : canary_runs_)
    if (std::optional<CanaryLeaseWeights> lease = WeightsUnderCanary(spec, run, up)) return lease;
  return std::nullopt;
}

// Reads the canaries' leases; a route whose lease weights changed (the
// canary stepped, a baseline member flipped) or whose lease ended is
// brought to what it should carry now.
Status RouteLoop::FollowCanaries(TimePoint now, bool force) {
  if (!canaries_ || (!force && next_canaries_ && now < *next_canaries_)) return Status::Ok();
  next_canaries_ = now + kModeRequestsEvery;
  Result<std::vector<CanaryRun>> runs = canaries_->LoadAll();
  if (!runs.ok()) {
    // Unreadable leases leave the routes as they are rather than undoing a step.
    PrintWarning("canary leases: " + runs.status().message());
    return Status::Ok();
  }
  canary_runs_ = std::move(*runs);
  const auto& routes = decider_.section().routes;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const std::optional<CanaryLeaseWeights> lease = UnderCanary(i);
    if (lease && lease->canary_down) EVT_RETURN_IF_ERROR(canaries_->MarkCanaryDown(routes[i].name, now));
    if (force) continue;  // Start applies every route next
    auto last = canary_applied_.find(routes[i].name);
    if (lease && (last == canary_applied_.end() || !SameWeights(last->second, lease->weights))) {
      WeightsEvent e{routes[i].name, {}, decider_.desired(i), {}, true, "canary lease", now};
      EVT_RETURN_IF_ERROR(Apply(i, e, now));
    } else if (!lease && last != canary_applied_.end()) {
      canary_applied_.erase(last);
      WeightsEvent e{routes[i].name, {}, decider_.desired(i), {}, true, "canary lease ended: the route's own weights", now};
      EVT_RETURN_IF_ERROR(Apply(i, e, now));
    }
  }
  return Status::Ok();
}

Status RouteLoop::Observe(const Observation& o, TimePoint now) {
  std::vector<WeightsEvent> events;
  if (!decider_.Observe(o, now, &events)) return Status::Ok();
  for (const WeightsEvent& e : events) {
    const auto& routes = decider_.section().routes;
    for (std::size_t i = 0; i < routes.size(); ++i)
      if (routes[i].name == e.route) EVT_RETURN_IF_ERROR(Apply(i, e, now));
  }
  return Status::Ok();
}

Status RouteLoop::AfterTick(const Decider& paths, TimePoint now) {
  active_ = paths.active();
  std::vector<WeightsEvent> events;
  for (std::size_t p = 0; p < paths.spec().paths.size(); ++p)
    decider_.PathHealth(paths.spec().paths[p].name, paths.Up(p) && !paths.Suppressed(p), now, &events);
  decider_.Tick(now, &events);
  const auto& routes = decider_.section().routes;
  for (const WeightsEvent& e : events)
    for (std::size_t i = 0; i < routes.size(); ++i)
      if (routes[i].name == e.route) EVT_RETURN_IF_ERROR(Apply(i, e, now));
  std::vector<ApplyReport> retries;
  reconciler_.Tick(now, &retries);
  EVT_RETURN_IF_ERROR(Emit(retries, now));
  EVT_RETURN_IF_ERROR(FollowCanaries(now, false));
  EVT_RETURN_IF_ERROR(TakeModeRequests(now));
  EVT_RETURN_IF_ERROR(FollowGovernor(now));
  if (mode_.mode == "reduced" && mode_.until && *mode_.until <= now &&
      (!leave_retry_at_ || *leave_retry_at_ <= now))
    EVT_RETURN_IF_ERROR(Leave("its time ended", now));
  return Status::Ok();
}

Status RouteLoop::Emit(const std::vector<ApplyReport>& reports, TimePoint now) {
  std::vector<std::string> lines;
  std::vector<Value> records;
  for (const ApplyReport& a : reports) {
    records.push_back(WeightsRecord(a, active_, now));
    EVT_ASSIGN_OR_RETURN(std::string line, ToJson(records.back()));
    lines.push_back(std::move(line));
    if (a.verified) EVT_RETURN_IF_ERROR(store_.SaveApplied(AppliedWeights{a.wanted.route, a.wanted.after, now}));
  }
  // Saved before written, as the session does: nothing on stdout that the store lacks.
  EVT_RETURN_IF_ERROR(store_.AppendHistory(lines));
  for (const Value& r : records) EVT_RETURN_IF_ERROR(out_.Write(r));
  return Status::Ok();
}

Status RouteLoop::EmitMode(const ModeChange& change) {
  Value record = ModeRecord(change, active_, change.at);
  EVT_ASSIGN_OR_RETURN(std::string line, ToJson(record));
  EVT_RETURN_IF_ERROR(store_.AppendHistory({line}));
  return out_.Write(record);
}

Status RouteLoop::Enter(const std::string& by, std::optional<TimePoint> until, const std::string& reason,
                        TimePoint now) {
  ModeChange change{"reduced", mode_.mode, reason, until, true, "", now};
  if (mode_.mode == "reduced") {
    // Already reduced: a new request sets the end (or the governor's hold).
    mode_.until = until;
    mode_.by = by;
    EVT_RETURN_IF_ERROR(store_.SaveMode(mode_));
    return EmitMode(change);
  }
  Result<RestoreTokens> tokens = EnterReducedMode(decider_.section(), drivers_);
  if (!tokens.ok()) {
    change.verified = false;
    change.error = tokens.status().message();
    return EmitMode(change);
  }
  mode_ = ModeState{"reduced", until, now, by, std::move(*tokens)};
  EVT_RETURN_IF_ERROR(store_.SaveMode(mode_));
  return EmitMode(change);
}

Status RouteLoop::Leave(const std::string& reason, TimePoint now) {
  ModeChange change{"normal", mode_.mode, reason, std::nullopt, true, "", now};
  if (mode_.mode != "reduced") return EmitMode(change);
  Status left = LeaveReducedMode(mode_.restore_tokens, drivers_);
  if (!left.ok()) {
    // Still reduced, with the tokens kept: tried again, never claimed.
    change.verified = false;
    change.error = left.message();
    leave_retry_at_ = now + kGovernorEvery;
    return EmitMode(change);
  }
  leave_retry_at_.reset();
  mode_ = ModeState{"normal", std::nullopt, now, "", {}};
  EVT_RETURN_IF_ERROR(store_.SaveMode(mode_));
  return EmitMode(change);
}

Status RouteLoop::TakeModeRequests(TimePoint now) {
  if (next_requests_ && now < *next_requests_) return Status::Ok();
  next_requests_ = now + kModeRequestsEvery;
  EVT_ASSIGN_OR_RETURN(std::vector<ModeRequest> requests, store_.TakeModeRequests());
  for (const ModeRequest& r : requests) {
    if (r.mode == "reduced") {
      const std::optional<TimePoint> until = r.how_long ? std::optional(now + *r.how_long) : std::nullopt;
      const std::string reason =
          "requested by " + r.by + (r.how_long ? " for " + FormatDuration(*r.how_long) : " until `mode normal`");
      EVT_RETURN_IF_ERROR(Enter(r.by, until, reason, now));
    } else {
      EVT_RETURN_IF_ERROR(Leave("requested by " + r.by, now));
    }
  }
  return Status::Ok();
}

Status RouteLoop::FollowGovernor(TimePoint now) {
  const auto& reduced = decider_.section().reduced;
  if (!governor_ || !reduced || !reduced->governor_level) return Status::Ok();
  if (next_governor_ && now < *next_governor_) return Status::Ok();
  next_governor_ = now + kGovernorEvery;
  Result<int> level = governor_();
  // An unreadable governor changes nothing: the mode in force stays.
  if (!level.ok()) {
    PrintWarning("reduced mode: " + level.status().message() + "; the mode in force stays");
    return Status::Ok();
  }
  const int threshold = *reduced->governor_level;
  const std::string why = "governor level " + std::to_string(*level) + (*level >= threshold ? " >= " : " < ") +
                          std::to_string(threshold);
  if (*level >= threshold && mode_.mode != "reduced") return Enter(kGovernorBy, std::nullopt, why, now);
  // Only the mode the governor entered is the governor's to leave.
  if (*level < threshold && mode_.mode == "reduced" && mode_.by == kGovernorBy) return Leave(why, now);
  return Status::Ok();
}

}  // namespace evt::failover
