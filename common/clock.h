// The seam for time: code that reads the clock takes a `const Clock&`, so
// tests can hold time still or jump it (ninja's DiskInterface, for time).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/duration.h"
#include "common/time_format.h"

namespace evt {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time, UTC, in milliseconds: for "ts" and for comparing with times
  // in config. It may jump (NTP, an operator fixing the date).
  virtual TimePoint Now() const = 0;
  // Never goes backwards: for measuring intervals and timeouts.
  virtual std::chrono::steady_clock::time_point Monotonic() const = 0;
};

// The real clocks of the machine.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;
};

// A clock that moves only when told. Safe to read from one thread while
// another sets or advances it.
class ManualClock final : public Clock {
 public:
  // The wall clock starts at `now`; the monotonic one at an arbitrary point.
  explicit ManualClock(TimePoint now = TimePoint{});

  TimePoint Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;

  // Steps the wall clock only, as NTP would; the monotonic clock stays.
  void Set(TimePoint now);
  // Moves both clocks forward by `d`. A negative `d` moves the wall clock
  // back and leaves the monotonic clock where it is, which never goes back.
  void Advance(Duration d);

 private:
  std::atomic<std::int64_t> wall_ms_;
  std::atomic<std::int64_t> monotonic_ms_{0};
};

}  // namespace evt
