// Running a program for a runbook: argv as a list (no shell), stdin from a
// string, stdout and stderr captured, in its own process group so that a
// timeout or Ctrl-C ends the program and everything it started.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/status.h"

namespace evt::runbook {

struct ChildRequest {
  std::string path;               // the executable
  std::vector<std::string> argv;  // argv[0] included
  std::string stdin_data;
  // When to give up; none: wait as long as it takes (or until a stop).
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Between SIGTERM to the group and SIGKILL.
  Duration grace{2000};
  // "NAME=value" set for the program only, over the inherited environment:
  // how secrets reach it, as argv is readable by anyone in /proc.
  std::vector<std::string> env;
};

struct ChildResult {
  int exit_code = 0;  // the exit status, or 128 + signal when it was killed
  std::string out;
  std::string err;
  Duration elapsed{0};
  bool timed_out = false;    // the deadline passed; the group was ended
  bool interrupted = false;  // SIGINT/SIGTERM to us; the group was ended
};

// Captured output beyond this is dropped (and the rest read and thrown
// away), so a chatty program cannot exhaust memory.
inline constexpr std::size_t kMaxCapturedBytes = std::size_t{32} << 20;

// Runs the program and waits for it. Whatever way it ends, no process of
// its group is left: after the program exits, what it left behind in its
// group gets SIGTERM and, after the grace period, SIGKILL; on a timeout or
// a stop request the whole group gets the same. A program that cannot be
// started is Unavailable naming it and why.
Result<ChildResult> RunChild(const ChildRequest& request);

// The process group of the program RunChild is running now, or 0: what
// the watchdog kills before it ends a stuck run (hard_stop.h).
// Async-signal-safe and safe from any thread.
int RunningChildGroup();

}  // namespace evt::runbook
