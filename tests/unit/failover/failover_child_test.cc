// An action's program: its outcome is what waitpid says, and a failed
// waitpid is never taken for a success.
#include <catch2/catch.hpp>

#include <signal.h>

#include "tools/failover/child.h"

using namespace evt;
using evt::failover::RunProgram;

namespace {

const std::vector<std::string> kNoEnv = {"PATH=/usr/bin:/bin"};

// SIGCHLD ignored: the kernel reaps children itself and waitpid fails with
// ECHILD, as under a parent that set it so before exec'ing us.
struct ChildrenReapedByKernel {
  ChildrenReapedByKernel() { previous = ::signal(SIGCHLD, SIG_IGN); }
  ~ChildrenReapedByKernel() { ::signal(SIGCHLD, previous); }
  void (*previous)(int);
};

}  // namespace

TEST_CASE("failover child: exit status and signals are the outcome") {
  CHECK(RunProgram({"true"}, kNoEnv, Duration(10000)).ok());
  Status failed = RunProgram({"false"}, kNoEnv, Duration(10000));
  CHECK(failed.code() == ExitCode::kCheckFailed);
  CHECK(failed.message() == "exit status 1");
}

TEST_CASE("failover child: a failed waitpid is not a success") {
  ChildrenReapedByKernel reaped;
  Status s = RunProgram({"false"}, kNoEnv, Duration(10000));
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("waitpid") != std::string::npos);
}
