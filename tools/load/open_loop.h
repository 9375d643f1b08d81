// The open-loop driver of evt-load: each arrival leaves at its intended
// time whatever the server does, so a slow server cannot slow the load down
// and hide its own slowness (coordinated omission). The one brake is
// --max-in-flight: an arrival due while the bound is reached waits, and
// the wait is counted (held_back, slip), never turned silently into a
// closed loop. Every second of the schedule becomes a LoadWindow.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/probe/probe_runner.h"
#include "tools/load/arrivals.h"
#include "tools/load/load_clock.h"
#include "tools/load/load_window.h"
#include "tools/load/request_outcome.h"

namespace evt::load {

// What one arrival does: a request to a URL, a replayed request, a virtual
// buyer's whole flow. The driver treats them alike.
class LoadUnit {
 public:
  virtual ~LoadUnit() = default;
  // Starts arrival `seq` scheduled at `intended` (sent at `sent`): reports
  // each request it makes through `outcome` as it completes, and calls
  // `finished` exactly once when the arrival's work is all done.
  virtual void Start(std::int64_t seq, MicroTime intended, MicroTime sent,
                     std::function<void(RequestOutcome)> outcome, std::function<void()> finished) = 0;
};

struct OpenLoopSettings {
  std::int64_t max_in_flight = 1;  // arrivals at once; below 1 counts as 1
  // After the last send, how long in-flight work may take to finish.
  std::chrono::microseconds drain_timeout = std::chrono::seconds(5);
  // How long past the schedule's end held-back arrivals may still leave;
  // after that the rest are counted as never sent (the time bound).
  std::chrono::microseconds late_grace = std::chrono::seconds(1);
  // A send later than this behind its schedule counts in `slipped`.
  std::chrono::microseconds slip_threshold = std::chrono::milliseconds(1);
  // Below this to the next send the driver stops polling the engine (whose
  // wait is in whole milliseconds) and sleeps to the microsecond.
  std::chrono::microseconds precise_sleep = std::chrono::microseconds(1500);
};

enum class StopReason { kDone, kInterrupted, kAborted, kTimeBound };
// "done", "interrupted", "aborted", "time bound".
const char* StopReasonName(StopReason reason);

struct OpenLoopSummary {
  LoadWindow total;  // every window merged; its seconds is the whole run's
  StopReason reason = StopReason::kDone;
  std::string abort_reason;   // what the abort rule said
  int signal = 0;             // with kInterrupted: SIGINT or SIGTERM
  std::int64_t unsent = 0;    // scheduled arrivals that never left (stopped early, time bound)
  std::int64_t abandoned = 0; // in flight when the drain timeout passed
};

class OpenLoopDriver {
 public:
  // All must outlive Run(). `runner` is the engine `unit` starts its
  // requests on; the driver polls it. It must start what it is given at
  // once (a ProbeEngine's concurrency at least max_in_flight times the
  // requests a unit has out at a time): a request queued inside the engine
  // would count as sent while it waits, hiding that wait from the slip.
  OpenLoopDriver(probe::ProbeRunner& runner, LoadClock& clock, LoadUnit& unit, Arrivals arrivals,
                 OpenLoopSettings settings);
  ~OpenLoopDriver();
  OpenLoopDriver(const OpenLoopDriver&) = delete;
  OpenLoopDriver& operator=(const OpenLoopDriver&) = delete;

  // Each closed second (and the last, shorter, window).
  std::function<void(const LoadWindow&)> on_window = [](const LoadWindow&) {};
  // Each request as it completes (for --raw).
  std::function<void(const RequestOutcome&)> on_outcome = [](const RequestOutcome&) {};
  // Asked after each closed window: a non-empty answer stops the run as
  // aborted, with that reason (the --abort-if rules).
  std::function<std::string(const LoadWindow&)> abort_check = [](const LoadWindow&) { return std::string(); };

  // Runs the schedule to its end, a stop signal (common/process_state.h),
  // an abort or the time bound; then waits for in-flight work up to the
  // drain timeout. Call once.
  OpenLoopSummary Run();

 private:
  struct State;
  // Closes the windows that ended; says whether the run stops here, and why.
  bool StopBeforeNextSend(LoadClock::MonoTime time_bound, OpenLoopSummary& summary);
  // Sends the next arrival if it is due and the bound allows, else waits.
  void SendOrWait(LoadClock::MonoTime time_bound);
  void SendDue(std::chrono::microseconds offset);
  void WaitForNextSend(LoadClock::MonoTime due);
  // Arrivals of the schedule that will never leave, once the loop stopped.
  std::int64_t CountUnsent();
  void Drain();
  void CloseWindowsUpTo(LoadClock::MonoTime now);
  void CloseWindow(LoadClock::MonoTime end);
  std::chrono::microseconds SinceStart(LoadClock::MonoTime t) const;

  probe::ProbeRunner& runner_;
  LoadClock& clock_;
  LoadUnit& unit_;
  Arrivals schedule_;  // what is sent
  Arrivals tally_;     // the same schedule, read ahead to count what each window intended
  OpenLoopSettings settings_;
  // Shared with the callbacks handed to units, which may outlive Run() when
  // the drain timeout abandons them.
  std::shared_ptr<State> state_;
};

}  // namespace evt::load
