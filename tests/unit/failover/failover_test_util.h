// Shared by the failover unit tests: small specs and a driver that feeds
// probe results to a Decider at the time of a ManualClock.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "tools/failover/decider.h"

namespace evt::failover::testing {

inline PathSpec MakePath(std::string name, std::vector<std::string> targets, int rise = 3, int fall = 2) {
  PathSpec p;
  p.name = std::move(name);
  p.targets = std::move(targets);
  p.rise = rise;
  p.fall = fall;
  p.always_up = p.targets.empty();
  return p;
}

// primary (uplink), 5g (slice), local (always up).
inline FailoverSpec ThreePaths(Duration failback_after = Duration(30000)) {
  FailoverSpec s;
  s.failback_after = failback_after;
  s.paths = {MakePath("primary", {"uplink"}), MakePath("5g", {"slice"}), MakePath("local", {})};
  return s;
}

inline TimePoint At(std::int64_t ms) { return TimePoint{} + Duration(1'700'000'000'000 + ms); }

struct Driver {
  explicit Driver(FailoverSpec spec) : decider(std::move(spec)), clock(At(0)) {}

  std::vector<Event> Probe(std::string_view target, bool ok, double ms = 10) {
    std::vector<Event> out;
    decider.Observe(Observation{target, ok, ms, ok ? "" : "connection refused"}, clock.Now(), &out);
    all.insert(all.end(), out.begin(), out.end());
    return out;
  }
  std::vector<Event> Tick() {
    std::vector<Event> out;
    decider.Tick(clock.Now(), &out);
    all.insert(all.end(), out.begin(), out.end());
    return out;
  }
  void Advance(std::int64_t ms) { clock.Advance(Duration(ms)); }

  Decider decider;
  ManualClock clock;
  std::vector<Event> all;
};

inline int CountOf(const std::vector<Event>& events, EventType type, std::string_view path = "") {
  int n = 0;
  for (const Event& e : events) n += e.type == type && (path.empty() || e.path == path);
  return n;
}

}  // namespace evt::failover::testing
