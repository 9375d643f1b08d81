#include "common/clock.h"

namespace evt {

TimePoint SystemClock::Now() const {
  return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::chrono::steady_clock::time_point SystemClock::Monotonic() const { return std::chrono::steady_clock::now(); }

ManualClock::ManualClock(TimePoint now) : wall_ms_(now.time_since_epoch().count()) {}

TimePoint ManualClock::Now() const { return TimePoint{Duration{wall_ms_.load()}}; }

std::chrono::steady_clock::time_point ManualClock::Monotonic() const {
  return std::chrono::steady_clock::time_point{Duration{monotonic_ms_.load()}};
}

void ManualClock::Set(TimePoint now) { wall_ms_.store(now.time_since_epoch().count()); }

void ManualClock::Advance(Duration d) {
  wall_ms_.fetch_add(d.count());
  if (d.count() > 0) monotonic_ms_.fetch_add(d.count());
}

}  // namespace evt
