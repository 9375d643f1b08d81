// What decide and watch share: a Decider restored from the store, the
// hooks run for each event (one at a time, in order), the records written
// and the state saved. A switch is recorded only once its actions
// succeeded; otherwise the path before it is activated again and the
// switch is reported as switch_failed (or, when that fails too, no path
// is active). Each record is saved, with the state as the records tell
// it, before it is written out: a kill -9 leaves nothing on stdout that
// the store lacks, and a restart resumes from the last record.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <thread>
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
  // Waits for an action still running (its record is then lost: call
  // Finish to keep it).
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Restores the stored state, if any (no event is re-announced), and ends
  // what a killed decider's actions left running.
  Status Start();
  // One probe result known at `now`. Sets *used to whether a path uses the target.
  Status Observe(const Observation& o, TimePoint now, bool* used);
  // Timers, and the force/release requests waiting in the store.
  Status Tick(TimePoint now);
  // Saves what is not saved yet; first waits for the actions under way and
  // records them.
  Status Finish();

  // For watch: actions run on a thread beside the caller's loop, one at a
  // time, and Observe and Tick pick up their outcome, so probes and timers
  // go on meanwhile. Events without actions are written at once; a switch
  // chosen while actions run is not queued but chosen afresh once they are
  // done (so a newer choice replaces it). decide runs them in line, which
  // keeps a replayed stream's decisions the same.
  // REQUIRES: called before the first Observe or Tick.
  void RunActionsBeside() { beside_ = true; }

  // How long Tick has nothing to do: until the store is next asked for
  // force/release requests, or a changed state is next saved. nullopt
  // while a timer runs (a failback or a hold to wait out, a force to
  // expire, a damped path, actions under way), when Tick must come often
  // to keep it on time. Only Observe, Tick and requests end a quiet spell.
  std::optional<Duration> QuietFor() const;

  const Decider& decider() const { return decider_; }
  // The active path as the records have told it ("" for none): the one
  // carrying traffic, while the decider may be waiting on a switch's actions.
  const std::string& announced_active() const { return announced_active_; }
  // The switches this session recorded (its records' ts), for a running
  // count without reading the history back.
  const SwitchTally& switches_recorded() const { return switches_recorded_; }

 private:
  enum class Outcome { kDone, kSwitchFailed, kNoPathActive };

  Status Handle(std::vector<Event> events, TimePoint now);
  Status HandleInLine(std::vector<Event> events, TimePoint now);
  Status HandleBeside(const std::vector<Event>& events, TimePoint now);
  // Records the outcome of the actions of `e` (and reverts a failed
  // switch, handling what the decider chooses next).
  Status Conclude(const Event& e, Outcome outcome, const std::vector<ActionReport>& reports, std::string why,
                  TimePoint now);
  // Beside: collects the finished job, starts the next, re-chooses after
  // deferred switches.
  Status Pump(TimePoint now);
  bool NeedsActions(const Event& e) const;
  // Saves `e` with the announced state, then writes it out.
  Status Emit(const Event& e, const std::vector<ActionReport>& reports);
  DeciderSnapshot AnnouncedSnapshot() const;
  // Runs the hooks of `e`. For a switch whose actions failed (*why says
  // which), the previous path's on_activate runs again: kSwitchFailed when
  // it succeeded, kNoPathActive when it failed too.
  // `active` is the decider's active path as the event left it.
  Outcome RunHooks(const Event& e, const std::string& active, std::vector<ActionReport>* reports,
                   std::string* why) const;
  bool Reactivate(const PathSpec& previous, const Event& failed, std::vector<ActionReport>* reports,
                  std::string* why) const;
  Status TakeRequests(TimePoint now);
  // No decider timer can fire without an Observe or a request first.
  bool TimersIdle(TimePoint now) const;
  // Saves a changed state at most every kSaveEvery, or now when `force`.
  Status SaveIfDue(bool force);

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
  SwitchTally switches_recorded_;
  RecentLatencies recent_;
  OrphanReaper reaper_;

  // Beside: the job on the action thread, the events waiting for it, and
  // whether a switch was deferred meanwhile.
  struct Job {
    Event event;
    std::string active;
    std::vector<ActionReport> reports;
    std::string why;
    Outcome outcome = Outcome::kDone;
  };
  bool beside_ = false;
  Job job_;
  std::optional<std::thread> worker_;
  std::atomic<bool> worker_done_{false};
  std::deque<Event> queue_;
  bool deferred_ = false;
};

}  // namespace evt::failover
