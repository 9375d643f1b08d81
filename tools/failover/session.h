// What decide and watch share: a Decider restored from the store, the
// hooks run for each event (one at a time, in order), the records written
// and the state saved. A switch is recorded only once its actions
// succeeded; otherwise it is reverted and reported as switch_failed.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/json_writer.h"
#include "tools/failover/actions.h"
#include "tools/failover/decider.h"
#include "tools/failover/failover_store.h"

namespace evt::failover {

class Session {
 public:
  // All references must outlive the session.
  Session(FailoverSpec spec, FailoverStore& store, RecordWriter& out, const Clock& clock, HookRunner hooks);

  // Restores the stored state, if any (no event is re-announced).
  Status Start();
  // One probe result known at `now`. Sets *used to whether a path uses the target.
  Status Observe(const Observation& o, TimePoint now, bool* used);
  // Timers, and the force/release requests waiting in the store.
  Status Tick(TimePoint now);
  // Saves what is not saved yet.
  Status Finish();

  const Decider& decider() const { return decider_; }

 private:
  Status Handle(std::vector<Event> events, TimePoint now);
  Status Emit(const Event& e, const std::vector<ActionReport>& reports, std::vector<std::string>* saved);
  // Runs the hooks of `e`; false when a switch's actions failed (*why says which).
  bool RunHooks(const Event& e, std::vector<ActionReport>* reports, std::string* why);
  Status TakeRequests(TimePoint now);
  Status SaveIfDue(bool changed);

  Decider decider_;
  FailoverStore& store_;
  RecordWriter& out_;
  const Clock& clock_;
  HookRunner hooks_;
  std::optional<std::chrono::steady_clock::time_point> last_save_;
  std::optional<std::chrono::steady_clock::time_point> last_requests_;
  bool dirty_ = false;
  // The active path as the records have told it: a switch counts once its
  // actions succeeded, so no record names a path whose switch failed.
  std::string announced_active_;
};

}  // namespace evt::failover
