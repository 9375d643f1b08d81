// What decide and watch share: a Decider restored from the store, the
// hooks run for each event (one at a time, in order), the records written
// and the state saved. A switch is recorded only once its actions
// succeeded; otherwise the path before it is activated again and the
// switch is reported as switch_failed (or, when that fails too, no path
// is active). Each record is saved, with the state as the records tell
// it, before it is written out: a kill -9 leaves nothing on stdout that
// the store lacks, and a restart resumes from the last record.
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
#include "tools/failover/orphan_reaper.h"

namespace evt::failover {

class Session {
 public:
  // All references must outlive the session.
  Session(FailoverSpec spec, FailoverStore& store, RecordWriter& out, const Clock& clock, HookRunner hooks);

  // Restores the stored state, if any (no event is re-announced), and ends
  // what a killed decider's actions left running.
  Status Start();
  // One probe result known at `now`. Sets *used to whether a path uses the target.
  Status Observe(const Observation& o, TimePoint now, bool* used);
  // Timers, and the force/release requests waiting in the store.
  Status Tick(TimePoint now);
  // Saves what is not saved yet.
  Status Finish();

  const Decider& decider() const { return decider_; }

 private:
  enum class Outcome { kDone, kSwitchFailed, kNoPathActive };

  Status Handle(std::vector<Event> events, TimePoint now);
  // Saves `e` with the announced state, then writes it out.
  Status Emit(const Event& e, const std::vector<ActionReport>& reports);
  DeciderSnapshot AnnouncedSnapshot() const;
  // Runs the hooks of `e`. For a switch whose actions failed (*why says
  // which), the previous path's on_activate runs again: kSwitchFailed when
  // it succeeded, kNoPathActive when it failed too.
  Outcome RunHooks(const Event& e, std::vector<ActionReport>* reports, std::string* why);
  bool Reactivate(const PathSpec& previous, const Event& failed, std::vector<ActionReport>* reports,
                  std::string* why);
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
  std::optional<TimePoint> announced_since_;
  OrphanReaper reaper_;
};

}  // namespace evt::failover
