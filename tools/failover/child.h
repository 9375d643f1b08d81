// Running one action's program: argv without a shell, a given environment,
// its stdout sent to our stderr (stdout carries records), in its own
// process group so a timeout ends it and everything it started.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/status.h"

namespace evt::failover {

// OK when the program exited 0; otherwise CheckFailed in words: "exit
// status 3", "killed by signal 9", "timed out after 10s", or Unavailable
// when it could not be started.
// `started`, if given, learns the program's process group (its pid) as
// soon as it runs.
// REQUIRES: argv non-empty; env entries "NAME=value".
Status RunProgram(const std::vector<std::string>& argv, const std::vector<std::string>& env, Duration timeout,
                  const std::function<void(pid_t group)>& started = nullptr);

}  // namespace evt::failover
