#include "tools/failover/session.h"

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

Status Session::Start() {
  Result<std::optional<DeciderSnapshot>> snapshot = store_.LoadSnapshot();
  if (!snapshot.ok()) return snapshot.status();
  if (*snapshot) decider_.Restore(**snapshot);
  announced_active_ = decider_.active();
  return Status::Ok();
}

Status Session::Observe(const Observation& o, TimePoint now, bool* used) {
  std::vector<Event> events;
  *used = decider_.Observe(o, now, &events);
  dirty_ = dirty_ || *used;
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

bool Session::RunHooks(const Event& e, std::vector<ActionReport>* reports, std::string* why) {
  const FailoverSpec& spec = decider_.spec();
  const PathSpec* path = FindPath(spec, e.path);
  if (!path) return true;
  ActionContext c;
  c.path = path;
  c.reason = e.reason;
  c.old_path = e.type == EventType::kSwitch ? e.previous : decider_.active();
  c.new_path = decider_.active();
  if (e.type == EventType::kUp || e.type == EventType::kDown) {
    c.hook = e.type == EventType::kUp ? "on_up" : "on_down";
    c.old_state = e.type == EventType::kUp ? "down" : "up";
    c.new_state = e.type == EventType::kUp ? "up" : "down";
    hooks_(e.type == EventType::kUp ? path->on_up : path->on_down, c, reports);
    return true;  // health is a fact, whatever its hooks did; their failure is in the record
  }
  if (e.type != EventType::kSwitch) return true;
  if (const PathSpec* old = FindPath(spec, e.previous); old && !old->on_deactivate.empty()) {
    ActionContext d = c;
    d.path = old;
    d.hook = "on_deactivate";
    d.old_state = "active";
    d.new_state = "inactive";
    if (!hooks_(old->on_deactivate, d, reports)) {
      *why = "on_deactivate of " + old->name + " failed: " + reports->back().error;
      return false;
    }
  }
  c.hook = "on_activate";
  c.old_state = "inactive";
  c.new_state = "active";
  if (!hooks_(path->on_activate, c, reports)) {
    *why = "on_activate of " + path->name + " failed: " + reports->back().error;
    return false;
  }
  return true;
}

Status Session::Emit(const Event& e, const std::vector<ActionReport>& reports, std::vector<std::string>* saved) {
  if (e.type == EventType::kSwitch) announced_active_ = e.path;
  Value record = FailoverRecord(e, announced_active_, reports, clock_.Now());
  Result<std::string> json = ToJson(record);
  if (!json.ok()) return json.status();
  EVT_RETURN_IF_ERROR(out_.WriteSerialized(*json));
  saved->push_back(std::move(*json));
  return Status::Ok();
}

Status Session::Handle(std::vector<Event> events, TimePoint now) {
  if (events.empty()) return SaveIfDue(false);
  std::vector<std::string> saved;
  // A failed switch reverts and the decider may pick the next path: those
  // events join the queue. Each revert holds a path, so this ends.
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event e = events[i];
    std::vector<ActionReport> reports;
    std::string why;
    if (RunHooks(e, &reports, &why)) {
      EVT_RETURN_IF_ERROR(Emit(e, reports, &saved));
      continue;
    }
    std::vector<Event> after;
    decider_.RevertSwitch(e, why, now, &after);
    Event failed = after.front();
    after.erase(after.begin());
    EVT_RETURN_IF_ERROR(Emit(failed, reports, &saved));
    decider_.Tick(now, &after);
    events.insert(events.end(), after.begin(), after.end());
  }
  EVT_RETURN_IF_ERROR(store_.Save(decider_.Snapshot(), saved));
  last_save_ = clock_.Monotonic();
  dirty_ = false;
  return Status::Ok();
}

Status Session::SaveIfDue(bool force) {
  if (!dirty_) return Status::Ok();
  const auto mono = clock_.Monotonic();
  if (!force && last_save_ && mono - *last_save_ < kSaveEvery) return Status::Ok();
  EVT_RETURN_IF_ERROR(store_.Save(decider_.Snapshot(), {}));
  last_save_ = mono;
  dirty_ = false;
  return Status::Ok();
}

Status Session::Finish() { return SaveIfDue(true); }

}  // namespace evt::failover
