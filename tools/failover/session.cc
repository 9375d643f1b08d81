#include "tools/failover/session.h"

#include <algorithm>
#include <utility>

#include "common/messages.h"
#include "tools/failover/failover_record.h"

namespace evt::failover {
namespace {

// How often health counters are saved when nothing else changes, and how
// often the store is asked for force/release requests.
constexpr Duration kSaveEvery{1000};
constexpr Duration kRequestsEvery{500};

const PathSpec* FindPath(const FailoverSpec& spec, const std::string& name) {
  for (const PathSpec& p : spec.paths)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

Session::Session(FailoverSpec spec, FailoverStore& store, RecordWriter& out, const Clock& clock, HookRunner hooks)
    : decider_(std::move(spec)), store_(store), out_(out), clock_(clock), hooks_(std::move(hooks)) {}

Session::~Session() {
  if (worker_) worker_->join();
}

Status Session::Start() {
  Result<std::optional<DeciderSnapshot>> snapshot = store_.LoadSnapshot();
  if (!snapshot.ok()) return snapshot.status();
  if (*snapshot) decider_.Restore(**snapshot);
  EVT_ASSIGN_OR_RETURN(LatenciesByPath recent, store_.RecentLatencies());
  recent_.Restore(std::move(recent));
  announced_active_ = decider_.active();
  announced_since_ = decider_.active_since();
  if (!store_.folder().empty()) {
    reaper_ = OrphanReaper(store_.folder() + "/failover-action.pid");
    if (reaper_.ReapLeftovers()) PrintWarning("ended an action an earlier evt-failover left running");
  }
  return Status::Ok();
}

Status Session::Observe(const Observation& o, TimePoint now, bool* used) {
  std::vector<Event> events;
  *used = decider_.Observe(o, now, &events);
  dirty_ = dirty_ || *used;
  if (*used && o.ok) recent_.Note(decider_.spec(), o.target, o.total_ms);
  EVT_RETURN_IF_ERROR(Handle(std::move(events), now));
  return TakeRequests(now);
}

Status Session::Tick(TimePoint now) {
  std::vector<Event> events;
  decider_.Tick(now, &events);
  EVT_RETURN_IF_ERROR(Handle(std::move(events), now));
  return TakeRequests(now);
}

Status Session::TakeRequests(TimePoint now) {
  const auto mono = clock_.Monotonic();
  if (last_requests_ && mono - *last_requests_ < kRequestsEvery) return Status::Ok();
  last_requests_ = mono;
  Result<std::vector<ForceRequest>> requests = store_.TakeRequests();
  if (!requests.ok()) return requests.status();
  for (const ForceRequest& r : *requests) {
    std::vector<Event> events;
    if (r.release) {
      decider_.Release(now, &events);
    } else if (Status s = decider_.Force(r.path, now + r.how_long, now, &events); !s.ok()) {
      PrintWarning("force request ignored: " + s.message());
      continue;
    }
    EVT_RETURN_IF_ERROR(Handle(std::move(events), now));
  }
  return Status::Ok();
}

bool Session::TimersIdle(TimePoint now) const {
  if (worker_ || !queue_.empty() || deferred_) return false;
  const Decider& d = decider_;
  const std::vector<PathSpec>& paths = d.spec().paths;
  const auto active = std::find_if(paths.begin(), paths.end(), [&](const PathSpec& p) { return p.name == d.active(); });
  if (active == paths.end()) return false;
  const auto a = static_cast<std::size_t>(active - paths.begin());
  if (!d.Eligible(a, now)) return false;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (d.Suppressed(i)) return false;  // damping's reuse comes by time
    // A more preferred path up waits out failback_after or a hold; with
    // the active degraded, a less preferred one up may be its way out.
    if (i != a && d.Up(i) && (i < a || d.Degraded(a))) return false;
  }
  return d.Snapshot().forced.empty();
}

std::optional<Duration> Session::QuietFor() const {
  const TimePoint now = clock_.Now();
  if (!TimersIdle(now)) return std::nullopt;
  const auto mono = clock_.Monotonic();
  auto next = last_requests_ ? *last_requests_ + kRequestsEvery : mono;
  if (dirty_) next = std::min(next, last_save_ ? *last_save_ + kSaveEvery : mono);
  return std::max(Duration(0), std::chrono::ceil<Duration>(next - mono));
}

Session::Outcome Session::RunHooks(const Event& e, const std::string& active, std::vector<ActionReport>* reports,
                                   std::string* why) const {
  const FailoverSpec& spec = decider_.spec();
  const PathSpec* path = FindPath(spec, e.path);
  if (!path) return Outcome::kDone;
  ActionContext c;
  c.path = path;
  c.reason = e.reason;
  c.old_path = e.type == EventType::kSwitch ? e.previous : active;
  c.new_path = active;
  c.reaper = &reaper_;
  if (e.type == EventType::kUp || e.type == EventType::kDown) {
    c.hook = e.type == EventType::kUp ? "on_up" : "on_down";
    c.old_state = e.type == EventType::kUp ? "down" : "up";
    c.new_state = e.type == EventType::kUp ? "up" : "down";
    hooks_(e.type == EventType::kUp ? path->on_up : path->on_down, c, reports);
    return Outcome::kDone;  // health is a fact, whatever its hooks did; their failure is in the record
  }
  if (e.type != EventType::kSwitch) return Outcome::kDone;
  const PathSpec* old = FindPath(spec, e.previous);
  bool done = true;
  if (old && !old->on_deactivate.empty()) {
    ActionContext d = c;
    d.path = old;
    d.hook = "on_deactivate";
    d.old_state = "active";
    d.new_state = "inactive";
    done = hooks_(old->on_deactivate, d, reports);
    if (!done) *why = "on_deactivate of " + old->name + " failed: " + reports->back().error;
  }
  if (done) {
    c.hook = "on_activate";
    c.old_state = "inactive";
    c.new_state = "active";
    done = hooks_(path->on_activate, c, reports);
    if (!done) *why = "on_activate of " + path->name + " failed: " + reports->back().error;
  }
  if (done) return Outcome::kDone;
  // The site hold stopped it before any action ran: nothing to restore,
  // and restoring would itself be an action during the hold.
  if (std::all_of(reports->begin(), reports->end(), [](const ActionReport& r) { return r.action == "site hold"; }))
    return Outcome::kSwitchFailed;
  // Part of the switch may have happened (the old path deactivated, the
  // new one's file written): "staying on" the old path is true only once
  // its own activation has run again.
  if (!old || Reactivate(*old, e, reports, why)) return Outcome::kSwitchFailed;
  return Outcome::kNoPathActive;
}

bool Session::Reactivate(const PathSpec& previous, const Event& failed, std::vector<ActionReport>* reports,
                         std::string* why) const {
  ActionContext c;
  c.path = &previous;
  c.hook = "on_activate";
  c.old_state = "inactive";
  c.new_state = "active";
  c.old_path = failed.path;
  c.new_path = previous.name;
  c.reason = "the switch to " + failed.path + " failed (" + *why + "); " + previous.name + " again";
  c.reaper = &reaper_;
  if (hooks_(previous.on_activate, c, reports)) return true;
  *why += "; on_activate of " + previous.name + " failed too: " + reports->back().error;
  return false;
}

DeciderSnapshot Session::AnnouncedSnapshot() const {
  DeciderSnapshot s = decider_.Snapshot();
  s.active = announced_active_;
  s.active_since = announced_since_;
  return s;
}

Status Session::Emit(const Event& e, const std::vector<ActionReport>& reports) {
  if (e.type == EventType::kSwitch) {
    announced_active_ = e.path;
    announced_since_ = e.at;
  }
  const TimePoint written = clock_.Now();
  Value record = FailoverRecord(e, announced_active_, reports, written);
  Result<std::string> json = ToJson(record);
  if (!json.ok()) return json.status();
  EVT_RETURN_IF_ERROR(store_.Save(AnnouncedSnapshot(), {*json}));
  if (e.type == EventType::kSwitch) {
    ++switches_recorded_.count;
    switches_recorded_.last = written;
  }
  last_save_ = clock_.Monotonic();
  return out_.WriteSerialized(*json);
}

Status Session::Handle(std::vector<Event> events, TimePoint now) {
  if (beside_) return HandleBeside(events, now);
  return HandleInLine(std::move(events), now);
}

Status Session::HandleInLine(std::vector<Event> events, TimePoint now) {
  if (events.empty()) return SaveIfDue(false);
  // A failed switch reverts and the decider may pick the next path: those
  // events are handled in turn. Each revert holds a path, so this ends.
  for (const Event& e : events) {
    std::vector<ActionReport> reports;
    std::string why;
    const Outcome outcome = RunHooks(e, decider_.active(), &reports, &why);
    EVT_RETURN_IF_ERROR(Conclude(e, outcome, reports, why, now));
  }
  dirty_ = false;
  return Status::Ok();
}

Status Session::Conclude(const Event& e, Outcome outcome, const std::vector<ActionReport>& reports,
                         std::string why, TimePoint now) {
  if (outcome == Outcome::kDone) return Emit(e, reports);
  std::vector<Event> after;
  decider_.RevertSwitch(e, why, outcome == Outcome::kSwitchFailed, now, &after);
  if (outcome == Outcome::kNoPathActive) {
    announced_active_.clear();
    announced_since_.reset();
    PrintWarning("no path is active: " + after.front().reason);
  }
  Event failed = after.front();
  after.erase(after.begin());
  EVT_RETURN_IF_ERROR(Emit(failed, reports));
  decider_.Tick(now, &after);
  return Handle(std::move(after), now);
}

bool Session::NeedsActions(const Event& e) const {
  const PathSpec* path = FindPath(decider_.spec(), e.path);
  if (!path) return false;
  if (e.type == EventType::kUp) return !path->on_up.empty();
  if (e.type == EventType::kDown) return !path->on_down.empty();
  if (e.type != EventType::kSwitch) return false;
  const PathSpec* old = FindPath(decider_.spec(), e.previous);
  return !path->on_activate.empty() || (old && !old->on_deactivate.empty());
}

Status Session::HandleBeside(const std::vector<Event>& events, TimePoint now) {
  for (const Event& e : events) {
    if (e.type == EventType::kSwitch && (worker_ || !queue_.empty())) {
      decider_.Defer(e);  // even one without actions: switches happen in order
      deferred_ = true;
    } else if (!NeedsActions(e) && e.type == EventType::kSwitch) {
      // No action to wait for, but the hook runner is where the site hold
      // stops an automatic switch (daemon_guard.cc): through it, in line.
      std::vector<ActionReport> reports;
      std::string why;
      const Outcome outcome = RunHooks(e, decider_.active(), &reports, &why);
      EVT_RETURN_IF_ERROR(Conclude(e, outcome, reports, why, now));
    } else if (!NeedsActions(e)) {
      EVT_RETURN_IF_ERROR(Emit(e, {}));
    } else {
      queue_.push_back(e);
    }
  }
  return Pump(now);
}

Status Session::Pump(TimePoint now) {
  if (worker_ && worker_done_) {
    worker_->join();
    worker_.reset();
    Job done = std::move(job_);
    EVT_RETURN_IF_ERROR(Conclude(done.event, done.outcome, done.reports, std::move(done.why), now));
  }
  if (!worker_ && !queue_.empty()) {
    job_ = Job{queue_.front(), decider_.active(), {}, {}, Outcome::kDone};
    queue_.pop_front();
    worker_done_ = false;
    worker_.emplace([this] {
      job_.outcome = RunHooks(job_.event, job_.active, &job_.reports, &job_.why);
      worker_done_ = true;
    });
  }
  if (!worker_ && queue_.empty() && deferred_) {
    deferred_ = false;
    std::vector<Event> events;
    decider_.Tick(now, &events);
    return Handle(std::move(events), now);
  }
  return SaveIfDue(false);
}

Status Session::SaveIfDue(bool force) {
  if (!dirty_) return Status::Ok();
  const auto mono = clock_.Monotonic();
  if (!force && last_save_ && mono - *last_save_ < kSaveEvery) return Status::Ok();
  EVT_RETURN_IF_ERROR(store_.Save(AnnouncedSnapshot(), {}, &recent_.by_path()));
  last_save_ = mono;
  dirty_ = false;
  return Status::Ok();
}

Status Session::Finish() {
  while (worker_) {
    worker_->join();
    worker_done_ = true;
    EVT_RETURN_IF_ERROR(Pump(clock_.Now()));
  }
  return SaveIfDue(true);
}

}  // namespace evt::failover
