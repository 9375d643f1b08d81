#include "tools/load/load_clock.h"

#include <cerrno>
#include <ctime>

#include <sys/prctl.h>

namespace evt::load {

SystemLoadClock::SystemLoadClock() { prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL); }

LoadClock::MonoTime SystemLoadClock::Monotonic() const { return std::chrono::steady_clock::now(); }

MicroTime SystemLoadClock::Wall() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

void SystemLoadClock::SleepUntil(MonoTime when) {
  // libstdc++'s steady_clock is CLOCK_MONOTONIC, so its epoch is the one
  // clock_nanosleep measures from.
  auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
  timespec at{};
  at.tv_sec = static_cast<time_t>(since_epoch / 1'000'000'000);
  at.tv_nsec = static_cast<long>(since_epoch % 1'000'000'000);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR) {
  }
}

MicroTime ManualLoadClock::Wall() const { return std::chrono::time_point_cast<std::chrono::microseconds>(clock_.Now()); }

void ManualLoadClock::SleepUntil(MonoTime when) {
  auto ahead = std::chrono::ceil<Duration>(when - clock_.Monotonic());
  if (ahead.count() > 0) clock_.Advance(ahead);
}

}  // namespace evt::load
