// One run at a time per lock name: an flock(2) on
// <state_dir>/locks/NAME.lock, released by the kernel however the holder
// ends (kill -9 included), so a stale lock cannot block the next run.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::runbook {

class RunLock {
 public:
  // Takes the lock `name` or fails at once, without waiting: TempFail
  // (exit 75) naming the holder as it described itself, e.g.
  //   runbook lock "traffic" is held by run 3f… of fallback-local (pid 4242,
  //   ops@kiosk-1, since 2026-11-23T08:00:00.000Z)
  // `holder` is what this run writes into the lock file for the next one.
  static Result<RunLock> Acquire(const std::string& state_dir, std::string_view name, const std::string& holder);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace evt::runbook
