#include "tools/failover/route_decider.h"

#include <algorithm>

namespace evt::failover {

RouteDecider::RouteDecider(RouteSection section, std::optional<DampingSpec> damping) : section_(std::move(section)) {
  for (const RouteSpec& r : section_.routes) {
    RouteState state;
    for (const RouteMember& m : r.members) {
      MemberState ms{MemberRamp(r.ramp, damping), std::nullopt, {}, true};
      if (m.path.empty()) {
        ms.counter.emplace(m.rise, m.fall);
        ms.latest.assign(m.targets.size(), -1);
      }
      state.members.push_back(std::move(ms));
    }
    routes_.push_back(std::move(state));
    routes_.back().desired = Compute(routes_.size() - 1).weights;
  }
}

SplitResult RouteDecider::Compute(std::size_t route) const {
  const RouteSpec& spec = section_.routes[route];
  const RouteState& state = routes_[route];
  std::vector<std::string> names;
  std::vector<double> carried;
  std::vector<bool> carrying;
  for (std::size_t i = 0; i < spec.members.size(); ++i) {
    names.push_back(spec.members[i].name);
    carried.push_back(state.members[i].ramp.carried());
    carrying.push_back(state.members[i].up && state.members[i].ramp.phase() != MemberRamp::Phase::kSuppressed);
  }
  if (spec.prefers()) return WeightsForPrefer(names, spec.prefer, carrying);
  return WeightsForSplit(names, spec.split, carried);
}

void RouteDecider::Decide(std::size_t route, const std::string& reason, TimePoint now,
                          std::vector<WeightsEvent>* out) {
  SplitResult next = Compute(route);
  RouteState& state = routes_[route];
  const bool same = std::equal(next.weights.begin(), next.weights.end(), state.desired.begin(), state.desired.end(),
                               [](const MemberWeight& a, const MemberWeight& b) { return a.weight == b.weight; });
  if (same) return;
  WeightsEvent e{section_.routes[route].name, state.desired, next.weights, next.realised, next.exact, reason, now};
  if (next.none_carrying) e.reason += "; no member can carry the class: the configured weights are kept";
  state.desired = std::move(next.weights);
  out->push_back(std::move(e));
}

void RouteDecider::Flip(std::size_t route, std::size_t member, bool up, const std::string& why, TimePoint now,
                        std::vector<WeightsEvent>* out) {
  MemberState& m = routes_[route].members[member];
  m.up = up;
  const std::string change = up ? m.ramp.Up(now) : m.ramp.Down(now);
  const std::string& name = section_.routes[route].members[member].name;
  Decide(route, name + " " + (change.empty() ? std::string(up ? "up" : "down") : change) + why, now, out);
}

bool RouteDecider::Observe(const Observation& o, TimePoint now, std::vector<WeightsEvent>* out) {
  bool used = false;
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    for (std::size_t i = 0; i < routes_[r].members.size(); ++i) {
      const RouteMember& spec = section_.routes[r].members[i];
      const auto it = std::find(spec.targets.begin(), spec.targets.end(), o.target);
      if (it == spec.targets.end()) continue;
      used = true;
      MemberState& m = routes_[r].members[i];
      m.latest[static_cast<std::size_t>(it - spec.targets.begin())] = o.ok ? 1 : 0;
      const auto answering = std::count_if(m.latest.begin(), m.latest.end(), [](signed char s) { return s != 0; });
      const bool passed = answering >= spec.reliability;
      m.ramp.Checked(passed);
      if (!m.counter->Record(passed)) continue;
      const std::string why = o.ok ? "" : ": " + std::string(o.error.empty() ? "check failed" : o.error);
      Flip(r, i, m.counter->up(), why, now, out);
    }
  }
  return used;
}

void RouteDecider::PathHealth(std::string_view path, bool up, TimePoint now, std::vector<WeightsEvent>* out) {
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    for (std::size_t i = 0; i < routes_[r].members.size(); ++i) {
      if (section_.routes[r].members[i].path != path || routes_[r].members[i].up == up) continue;
      Flip(r, i, up, std::string(": path ") + std::string(path) + (up ? " up" : " down"), now, out);
    }
  }
}

void RouteDecider::Tick(TimePoint now, std::vector<WeightsEvent>* out) {
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    for (std::size_t i = 0; i < routes_[r].members.size(); ++i) {
      const std::string change = routes_[r].members[i].ramp.Tick(now);
      if (!change.empty()) Decide(r, section_.routes[r].members[i].name + " " + change, now, out);
    }
  }
}

std::optional<TimePoint> RouteDecider::NextDue() const {
  std::optional<TimePoint> due;
  for (const RouteState& r : routes_)
    for (const MemberState& m : r.members)
      if (auto t = m.ramp.next_due(); t && (!due || *t < *due)) due = t;
  return due;
}

}  // namespace evt::failover
