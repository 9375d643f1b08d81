// Running another program: argv as a list (no shell), stdin from a string,
// stdout and stderr captured or passed to one descriptor, in its own
// process group so that a timeout or Ctrl-C ends the program and everything
// it started. The one runner of evt-runbook's calls and notifications and
// evt-failover's actions.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/status.h"

namespace evt {

struct ChildRequest {
  std::string path;               // the executable, not looked up in $PATH
  std::vector<std::string> argv;  // argv[0] included
  std::string stdin_data;         // then end of input
  // When to give up; none: wait as long as it takes (or until a stop).
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Between SIGTERM to the group and SIGKILL.
  Duration grace{2000};
  // "NAME=value". kOverlay: set for the program only, over the inherited
  // environment (how secrets reach it, as argv is readable by anyone in
  // /proc). kOnly: the program's whole environment.
  enum class Env { kOverlay, kOnly };
  std::vector<std::string> env;
  Env env_mode = Env::kOverlay;
  // -1: stdout and stderr are captured into ChildResult. Otherwise both go
  // to this descriptor as the program writes them (evt-failover sends an
  // action's output to its stderr: its stdout carries records).
  int output_fd = -1;
  // Whether SIGINT/SIGTERM to us (process_state.h) ends the program's group.
  // evt-failover lets an action that is switching traffic finish instead.
  bool end_on_stop = true;
  // Told the program's process group (its pid) once it runs.
  std::function<void(int group)> started;
};

struct ChildResult {
  int exit_code = 0;  // the exit status, or 128 + signal when it was killed
  int signal = 0;     // the signal that ended it, or 0 when it exited
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
// started is Unavailable naming it and why; a lost exit status (SIGCHLD
// ignored) is Internal, never a success.
Result<ChildResult> RunChild(const ChildRequest& request);

// The process group of the program RunChild is running now, or 0: what
// evt-runbook's watchdog kills before it ends a stuck run.
// Async-signal-safe and safe from any thread.
int RunningChildGroup();

}  // namespace evt
