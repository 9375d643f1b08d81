#include "tools/failover/decider.h"

#include <cmath>
#include <utility>

#include "common/duration.h"
#include "common/number_text.h"

namespace evt::failover {
namespace {

std::string Count(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string WholePenalty(double p) { return std::to_string(static_cast<long long>(std::lround(p))); }

}  // namespace

const std::string Decider::kNone;

Decider::Decider(FailoverSpec spec) : spec_(std::move(spec)) {
  paths_.reserve(spec_.paths.size());
  for (std::size_t i = 0; i < spec_.paths.size(); ++i) {
    const PathSpec& p = spec_.paths[i];
    PathState state{HealthCounter(p.rise, p.fall), std::nullopt, std::nullopt, {}, std::nullopt, std::nullopt};
    if (p.degraded) state.quality.emplace(*p.degraded);
    if (spec_.damping && !p.always_up) state.damping.emplace(*spec_.damping);
    state.latest.assign(p.targets.size(), -1);
    // Until checked, a path counts as healthy since forever, so the first
    // choice needs no failback wait.
    state.healthy_since = TimePoint{};
    paths_.push_back(std::move(state));
    for (std::size_t slot = 0; slot < p.targets.size(); ++slot) uses_[p.targets[slot]].push_back({i, slot});
  }
}

int Decider::IndexOf(std::string_view name) const {
  for (std::size_t i = 0; i < spec_.paths.size(); ++i)
    if (spec_.paths[i].name == name) return static_cast<int>(i);
  return -1;
}

double Decider::Penalty(std::size_t path, TimePoint now) const {
  return paths_[path].damping ? paths_[path].damping->PenaltyAt(now) : 0;
}

QualityFigures Decider::Quality(std::size_t path) const {
  const std::optional<QualityWindow>& q = paths_[path].quality;
  QualityFigures f;
  if (!q || q->results() == 0) return f;
  f.loss = q->loss();
  if (q->answered() > 0) f.p95_ms = q->p95_ms();
  return f;
}

bool Decider::Transitional(std::string_view target) const {
  auto it = uses_.find(target);
  if (it == uses_.end()) return false;
  for (const TargetUse& use : it->second) {
    const HealthCounter& c = paths_[use.path].counter;
    if (c.health() > 0 && c.health() < c.top()) return true;
  }
  return false;
}

bool Decider::Eligible(std::size_t path, TimePoint now) const {
  const PathState& p = paths_[path];
  if (!p.counter.up() || Suppressed(path)) return false;
  return !p.hold_until || now >= *p.hold_until;
}

bool Decider::Clean(std::size_t path, TimePoint now) const { return Eligible(path, now) && !Degraded(path); }

Event Decider::MakeEvent(EventType type, std::size_t path, std::string reason, TimePoint now) const {
  Event e;
  e.type = type;
  e.path = spec_.paths[path].name;
  e.reason = std::move(reason);
  e.at = now;
  e.health = paths_[path].counter.health();
  e.penalty = Penalty(path, now);
  return e;
}

bool Decider::Observe(const Observation& o, TimePoint now, std::vector<Event>* out) {
  auto it = uses_.find(o.target);
  if (it == uses_.end()) return false;
  for (const TargetUse& use : it->second) {
    paths_[use.path].latest[use.slot] = o.ok ? 1 : 0;
    CheckPath(use.path, o, now, out);
  }
  Choose(now, out);
  return true;
}

void Decider::CheckPath(std::size_t index, const Observation& o, TimePoint now, std::vector<Event>* out) {
  PathState& p = paths_[index];
  const PathSpec& spec = spec_.paths[index];
  int answering = 0;
  // A target not heard from yet counts as answering, as the path itself
  // starts up (HAProxy's start): otherwise the first result of a
  // multi-target path would take it down.
  for (signed char r : p.latest) answering += r != 0;
  const bool passed = answering >= spec.reliability;
  if (p.counter.Record(passed)) {
    if (p.counter.up()) {
      out->push_back(MakeEvent(EventType::kUp, index,
                               Count(spec.rise, "passed check", "passed checks in a row") + " (rise " +
                                   std::to_string(spec.rise) + ")",
                               now));
    } else {
      std::string reason = "failed checks reached fall " + std::to_string(spec.fall) + ": " +
                           std::to_string(answering) + " of " + Count(static_cast<int>(spec.targets.size()),
                                                                      "target", "targets") +
                           " answering, " + std::to_string(spec.reliability) + " needed";
      if (!o.ok && !o.error.empty()) reason += "; " + std::string(o.target) + ": " + std::string(o.error);
      if (p.damping && p.damping->AddFlap(now)) {
        out->push_back(MakeEvent(EventType::kDown, index, std::move(reason), now));
        Event e = MakeEvent(EventType::kSuppressed, index,
                            "flap penalty " + WholePenalty(p.damping->state().penalty) + " over suppress " +
                                WholePenalty(spec_.damping->suppress) + "; reused when it decays under " +
                                WholePenalty(spec_.damping->reuse),
                            now);
        e.until = p.damping->state().suppressed_until;
        out->push_back(std::move(e));
      } else {
        out->push_back(MakeEvent(EventType::kDown, index, std::move(reason), now));
      }
    }
  }
  if (p.quality && p.quality->Record(o.ok, o.total_ms)) {
    const std::string numbers = "loss " + FixedText(p.quality->loss(), 2) + ", p95 " + FixedText(p.quality->p95_ms(), 0) +
                                " ms over the last results";
    out->push_back(MakeEvent(p.quality->degraded() ? EventType::kDegraded : EventType::kRecovered, index,
                             numbers + (p.quality->degraded() ? " reached the raise limits"
                                                                            : " back under the clear limits"),
                             now));
  }
  UpdateHealthySince(index, passed, now);
}

void Decider::UpdateHealthySince(std::size_t index, bool check_passed, TimePoint now) {
  PathState& p = paths_[index];
  if (!check_passed || !Clean(index, now)) {
    p.healthy_since.reset();
  } else if (!p.healthy_since) {
    p.healthy_since = now;
  }
}

void Decider::RefreshDamping(TimePoint now, std::vector<Event>* out) {
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    PathState& p = paths_[i];
    if (!p.damping || !p.damping->Refresh(now)) continue;
    out->push_back(MakeEvent(EventType::kReused, i,
                             "flap penalty decayed to " + WholePenalty(p.damping->PenaltyAt(now)) +
                                 " (reuse " + WholePenalty(spec_.damping->reuse) + ", or max_suppress reached)",
                             now));
    if (Clean(i, now)) p.healthy_since = now;
  }
}

std::optional<std::pair<std::size_t, std::string>> Decider::NextActive(TimePoint now) const {
  const std::size_t n = paths_.size();
  if (active_ < 0 || !Eligible(static_cast<std::size_t>(active_), now)) {
    std::string why = active_ < 0 ? std::string(lost_ ? "no path is active" : "start")
                      : Suppressed(static_cast<std::size_t>(active_))
                          ? spec_.paths[active_].name + " is suppressed by flap damping"
                      : !Up(static_cast<std::size_t>(active_)) ? spec_.paths[active_].name + " is down"
                                                               : spec_.paths[active_].name + " is held after failed actions";
    for (std::size_t i = 0; i < n; ++i)
      if (Clean(i, now)) return std::pair{i, why + "; " + spec_.paths[i].name + " is the most preferred healthy path"};
    for (std::size_t i = 0; i < n; ++i)
      if (Eligible(i, now)) return std::pair{i, why + "; " + spec_.paths[i].name + " is the most preferred path up (degraded)"};
    return std::nullopt;
  }
  const auto a = static_cast<std::size_t>(active_);
  const bool active_degraded = Degraded(a);
  for (std::size_t i = 0; i < n; ++i) {
    if (i == a || !Clean(i, now)) continue;
    if (i < a) {
      const PathState& p = paths_[i];
      if (p.healthy_since && now - *p.healthy_since >= spec_.failback_after) {
        // Never checked (always_up, or no result yet) counts from the epoch:
        // a length of time would be nonsense there.
        std::string how_long = *p.healthy_since == TimePoint{}
                                   ? std::string(" healthy since the start")
                                   : " healthy for " + DurationText(std::chrono::duration_cast<Duration>(
                                                           now - *p.healthy_since));
        return std::pair{i, "failback: " + spec_.paths[i].name + how_long + " (failback_after " +
                                FormatDuration(spec_.failback_after) + ")"};
      }
    } else if (active_degraded) {
      return std::pair{i, spec_.paths[a].name + " is degraded; " + spec_.paths[i].name + " is not"};
    }
  }
  return std::nullopt;
}

void Decider::SwitchTo(std::size_t index, std::string reason, TimePoint now, std::vector<Event>* out) {
  Event e = MakeEvent(EventType::kSwitch, index, std::move(reason), now);
  e.previous = active();
  since_before_switch_ = active_since_;
  lost_before_switch_ = lost_;
  active_ = static_cast<int>(index);
  lost_ = false;
  active_since_ = now;
  out->push_back(std::move(e));
}

void Decider::Choose(TimePoint now, std::vector<Event>* out) {
  RefreshDamping(now, out);
  if (forced_ >= 0 && now >= forced_until_) {
    out->push_back(MakeEvent(EventType::kReleased, static_cast<std::size_t>(forced_), "the force expired", now));
    forced_ = -1;
  }
  if (forced_ >= 0) {
    if (active_ != forced_)
      SwitchTo(static_cast<std::size_t>(forced_), "forced by an operator until " + FormatRfc3339(forced_until_), now,
               out);
    return;
  }
  if (auto next = NextActive(now)) SwitchTo(next->first, std::move(next->second), now, out);
}

void Decider::Tick(TimePoint now, std::vector<Event>* out) { Choose(now, out); }

Status Decider::Force(std::string_view path, TimePoint until, TimePoint now, std::vector<Event>* out) {
  const int index = IndexOf(path);
  if (index < 0) return Status::Usage("no path \"" + std::string(path) + "\" in the config");
  forced_ = index;
  forced_until_ = until;
  Event e = MakeEvent(EventType::kForced, static_cast<std::size_t>(index), "forced by an operator", now);
  e.until = until;
  out->push_back(std::move(e));
  Choose(now, out);
  return Status::Ok();
}

void Decider::Release(TimePoint now, std::vector<Event>* out) {
  if (forced_ >= 0) {
    out->push_back(MakeEvent(EventType::kReleased, static_cast<std::size_t>(forced_), "released by an operator", now));
    forced_ = -1;
  }
  Choose(now, out);
}

void Decider::RevertSwitch(const Event& sw, std::string_view why, bool previous_restored, TimePoint now,
                           std::vector<Event>* out) {
  const int failed = IndexOf(sw.path);
  if (failed >= 0) paths_[failed].hold_until = now + kSwitchRetry;
  const int previous = IndexOf(sw.previous);
  std::string outcome;
  if (previous >= 0 && !previous_restored) {
    paths_[previous].hold_until = now + kSwitchRetry;
    active_ = -1;
    lost_ = true;
    outcome = "; no path is active";
  } else {
    active_ = previous;
    outcome = "; staying on " + (previous < 0 ? std::string("no path") : sw.previous);
  }
  active_since_ = active_ < 0 ? std::nullopt : std::optional<TimePoint>(sw.at);
  Event e = sw;
  e.type = EventType::kSwitchFailed;
  e.reason = std::string(why) + outcome + ", next try in " + FormatDuration(kSwitchRetry);
  e.at = now;
  out->push_back(std::move(e));
}

void Decider::Defer(const Event& sw) {
  active_ = IndexOf(sw.previous);
  active_since_ = active_ < 0 ? std::nullopt : since_before_switch_;
  lost_ = lost_before_switch_;
}

DeciderSnapshot Decider::Snapshot() const {
  DeciderSnapshot s;
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    const PathState& p = paths_[i];
    s.paths.push_back({spec_.paths[i].name, p.counter.health(), Degraded(i),
                       p.damping ? p.damping->state() : DampingState{}, p.healthy_since});
  }
  s.active = active();
  s.active_since = active_since_;
  if (forced_ >= 0) {
    s.forced = spec_.paths[forced_].name;
    s.forced_until = forced_until_;
  }
  return s;
}

void Decider::Restore(const DeciderSnapshot& s) {
  for (const PathSnapshot& stored : s.paths) {
    const int i = IndexOf(stored.name);
    if (i < 0 || spec_.paths[i].always_up) continue;
    PathState& p = paths_[i];
    p.counter.Restore(stored.health);
    if (p.quality) p.quality->Restore(stored.degraded);
    if (p.damping) p.damping->Restore(stored.damping);
    p.healthy_since = stored.healthy_since;
  }
  active_ = IndexOf(s.active);
  active_since_ = active_ < 0 ? std::nullopt : s.active_since;
  forced_ = IndexOf(s.forced);
  if (forced_ >= 0 && s.forced_until) forced_until_ = *s.forced_until;
  else forced_ = -1;
}

}  // namespace evt::failover
