// Running one action's program: argv without a shell, a given environment,
// its stdout sent to our stderr (stdout carries records), in its own
// process group so a timeout ends it and everything it started.
#pragma once

#include <string>
#include <vector>

#include "common/duration.h"
#include "common/status.h"

namespace evt::failover {

// OK when the program exited 0; otherwise CheckFailed in words: "exit
// status 3", "killed by signal 9", "timed out after 10s", or Unavailable
// when it could not be started.
// REQUIRES: argv non-empty; env entries "NAME=value".
Status RunProgram(const std::vector<std::string>& argv, const std::vector<std::string>& env, Duration timeout);

}  // namespace evt::failover
