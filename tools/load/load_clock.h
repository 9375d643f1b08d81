// The clocks evt-load schedules by: a monotonic one to keep the schedule
// (and to sleep on, to the microsecond), a wall one for the instants
// records carry. A seam, so the driver's tests run on a ManualClock with
// no real time passing.
#pragma once

#include <chrono>

#include "common/clock.h"
#include "tools/load/request_outcome.h"

namespace evt::load {

class LoadClock {
 public:
  using MonoTime = std::chrono::steady_clock::time_point;

  virtual ~LoadClock() = default;
  virtual MonoTime Monotonic() const = 0;
  virtual MicroTime Wall() const = 0;
  // Returns at `when` or soon after; at once when it has passed.
  virtual void SleepUntil(MonoTime when) = 0;
};

// The machine's clocks; SleepUntil is clock_nanosleep(2) on
// CLOCK_MONOTONIC to an absolute time, which does not drift the way a
// relative sleep computed from a stale "now" does.
class SystemLoadClock final : public LoadClock {
 public:
  // Sets the process's timer slack to 1 µs (prctl PR_SET_TIMERSLACK): the
  // default 50 µs would make every precise sleep late by a whole interval
  // at 20,000 requests/s.
  SystemLoadClock();
  MonoTime Monotonic() const override;
  MicroTime Wall() const override;
  void SleepUntil(MonoTime when) override;
};

// Reads an evt::ManualClock (milliseconds) and moves it forward when asked
// to sleep, rounding up to its next millisecond; shared with
// FakeProbeRunner, which moves the same clock as attempts finish.
class ManualLoadClock final : public LoadClock {
 public:
  explicit ManualLoadClock(ManualClock& clock) : clock_(clock) {}
  MonoTime Monotonic() const override { return clock_.Monotonic(); }
  MicroTime Wall() const override;
  void SleepUntil(MonoTime when) override;

 private:
  ManualClock& clock_;
};

}  // namespace evt::load
