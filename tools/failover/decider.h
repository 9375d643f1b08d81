// The pure core of evt-failover: probe results and time in, health
// transitions and switches of the active path out. No I/O and no clock of
// its own: every call says what time it is, so tests drive it with a
// ManualClock and a restart restores it from a Snapshot.
//
// Rules:
// - A path is checked once per probe result of any of its targets, judged
//   on the latest result of every target: the check passes when at least
//   `reliability` of them answered (a target not heard from yet counts as
//   answering, as paths start up). Health follows HAProxy's counter
//   (health_counter.h); `degraded` follows the path's quality window.
// - Eligible: up, not suppressed by damping, and not held after a switch
//   to it failed. Clean: eligible and not degraded.
// - The active path changes at once when it is no longer eligible (to the
//   most preferred clean path, else the most preferred eligible one) or
//   when it is degraded and a clean one exists; it fails back to a more
//   preferred clean path only after `failback_after` of unbroken health
//   (no failed check, not degraded, not suppressed).
// - A forced path is active until the force expires or is released,
//   whatever its health: the operator's word wins.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "tools/failover/damping.h"
#include "tools/failover/event.h"
#include "tools/failover/health_counter.h"
#include "tools/failover/quality_window.h"
#include "tools/failover/spec.h"

namespace evt::failover {

// How long a path whose switch actions failed is passed over.
inline constexpr Duration kSwitchRetry{5000};

struct Observation {
  std::string_view target;
  bool ok = false;
  double total_ms = 0;
  std::string_view error;  // why it failed, for the reason of a down event
};

struct PathSnapshot {
  std::string name;
  int health = 0;
  bool degraded = false;
  DampingState damping;
  std::optional<TimePoint> healthy_since;
  bool operator==(const PathSnapshot&) const = default;
};

// What a path's quality window judges it on (spec.h DegradedSpec): nullopt
// without a window, or before a result (p95: an answer) is in it.
struct QualityFigures {
  std::optional<double> loss;
  std::optional<double> p95_ms;
};

struct DeciderSnapshot {
  std::vector<PathSnapshot> paths;
  std::string active;  // "" before the first choice
  std::optional<TimePoint> active_since;
  std::string forced;  // "" when not forced
  std::optional<TimePoint> forced_until;
};

class Decider {
 public:
  // REQUIRES: spec checked as failover_config.h checks it (unique names,
  // rise/fall >= 1, at least one path).
  explicit Decider(FailoverSpec spec);

  // One probe result at `now`: updates every path using the target, then
  // chooses. Appends what happened to *out. False when no path uses the
  // target (the caller tallies it).
  bool Observe(const Observation& o, TimePoint now, std::vector<Event>* out);
  // Timers only (damping reuse, force expiry, failback), then the choice.
  void Tick(TimePoint now, std::vector<Event>* out);

  // Usage error for a path the config lacks.
  Status Force(std::string_view path, TimePoint until, TimePoint now, std::vector<Event>* out);
  void Release(TimePoint now, std::vector<Event>* out);
  // The actions of `sw` (a kSwitch just returned) failed: sw.path is
  // passed over for kSwitchRetry, and a kSwitchFailed event with `why` is
  // appended. The active path goes back to sw.previous when its actions
  // made it active again (`previous_restored`); else no path is active
  // and sw.previous is passed over too.
  void RevertSwitch(const Event& sw, std::string_view why, bool previous_restored, TimePoint now,
                    std::vector<Event>* out);

  // `sw` (a kSwitch just returned) cannot start now, as other actions
  // still run: the active path goes back to sw.previous, with no event,
  // and the next Observe or Tick chooses again.
  void Defer(const Event& sw);

  const std::string& active() const { return active_ < 0 ? kNone : spec_.paths[active_].name; }
  std::optional<TimePoint> active_since() const { return active_since_; }
  bool Eligible(std::size_t path, TimePoint now) const;
  bool Up(std::size_t path) const { return paths_[path].counter.up(); }
  bool Degraded(std::size_t path) const { return paths_[path].quality && paths_[path].quality->degraded(); }
  bool Suppressed(std::size_t path) const { return paths_[path].damping && paths_[path].damping->suppressed(); }
  double Penalty(std::size_t path, TimePoint now) const;
  QualityFigures Quality(std::size_t path) const;
  // Whether a path using `target` is between up and down (0 < health <
  // top): HAProxy probes at fastinter then, to confirm either way sooner.
  bool Transitional(std::string_view target) const;
  const FailoverSpec& spec() const { return spec_; }

  DeciderSnapshot Snapshot() const;
  // Paths are matched by name; stored paths the config no longer has are
  // dropped, new ones keep their start state.
  void Restore(const DeciderSnapshot& snapshot);

 private:
  struct PathState {
    HealthCounter counter;
    std::optional<QualityWindow> quality;
    std::optional<Damping> damping;
    std::vector<signed char> latest;  // per target: -1 no result yet, 0 failed, 1 answered
    std::optional<TimePoint> healthy_since;
    std::optional<TimePoint> hold_until;
  };
  struct TargetUse {
    std::size_t path;
    std::size_t slot;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  void CheckPath(std::size_t index, const Observation& o, TimePoint now, std::vector<Event>* out);
  void Choose(TimePoint now, std::vector<Event>* out);
  void RefreshDamping(TimePoint now, std::vector<Event>* out);
  void UpdateHealthySince(std::size_t index, bool check_passed, TimePoint now);
  bool Clean(std::size_t path, TimePoint now) const;
  // The path to move to now and why, or nullopt to stay.
  std::optional<std::pair<std::size_t, std::string>> NextActive(TimePoint now) const;
  void SwitchTo(std::size_t index, std::string reason, TimePoint now, std::vector<Event>* out);
  Event MakeEvent(EventType type, std::size_t path, std::string reason, TimePoint now) const;
  int IndexOf(std::string_view name) const;

  static const std::string kNone;
  FailoverSpec spec_;
  std::vector<PathState> paths_;
  std::unordered_map<std::string, std::vector<TargetUse>, StringHash, std::equal_to<>> uses_;
  int active_ = -1;
  std::optional<TimePoint> active_since_;
  int forced_ = -1;
  TimePoint forced_until_{};
  // No path is active because restoring one failed (not because none was
  // chosen yet): the next choice says so.
  bool lost_ = false;
  // What SwitchTo replaced, for Defer.
  std::optional<TimePoint> since_before_switch_;
  bool lost_before_switch_ = false;
};

}  // namespace evt::failover
