// An action's program: its outcome is what waitpid says, in the words an
// action report carries, and a failed waitpid is never taken for a success.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include "tools/failover/actions.h"

using namespace evt;
using evt::failover::ProgramOutcome;

namespace {

Status Run(const char* script, Duration timeout = Duration(10000)) {
  ChildRequest request;
  request.path = "/bin/sh";
  request.argv = {"sh", "-c", script};
  request.deadline = std::chrono::steady_clock::now() + timeout;
  request.grace = Duration(1000);
  request.env = {"PATH=/usr/bin:/bin"};
  request.env_mode = ChildRequest::Env::kOnly;
  request.output_fd = STDERR_FILENO;
  return ProgramOutcome(RunChild(request), timeout);
}

// SIGCHLD ignored: the kernel reaps children itself and waitpid fails with
// ECHILD, as under a parent that set it so before exec'ing us.
struct ChildrenReapedByKernel {
  ChildrenReapedByKernel() { previous = ::signal(SIGCHLD, SIG_IGN); }
  ~ChildrenReapedByKernel() { ::signal(SIGCHLD, previous); }
  void (*previous)(int);
};

}  // namespace

TEST_CASE("failover action program: exit status and signals are the outcome") {
  CHECK(Run("true").ok());
  Status failed = Run("exit 1");
  CHECK(failed.code() == ExitCode::kCheckFailed);
  CHECK(failed.message() == "exit status 1");
  Status killed = Run("kill -9 $$");
  CHECK(killed.code() == ExitCode::kCheckFailed);
  CHECK(killed.message() == "killed by signal 9");
  // An exit status of 137 is an exit status, not a signal.
  CHECK(Run("exit 137").message() == "exit status 137");
}

TEST_CASE("failover action program: a timeout says so with the action's timeout") {
  Status s = Run("sleep 30", Duration(200));
  CHECK(s.code() == ExitCode::kCheckFailed);
  CHECK(s.message() == "timed out after 200ms");
}

TEST_CASE("failover action program: a failed waitpid is not a success") {
  ChildrenReapedByKernel reaped;
  Status s = Run("exit 1");
  CHECK_FALSE(s.ok());
  CHECK(s.message().find("waitpid") != std::string::npos);
}
