// RunChild's account of how a program ended.
#include <csignal>
#include <cstdlib>

#include <catch2/catch.hpp>

#include "tools/runbook/child_process.h"

using evt::runbook::ChildRequest;
using evt::runbook::RunChild;

namespace {

ChildRequest Shell(const char* script) {
  ChildRequest request;
  request.path = "/bin/sh";
  request.argv = {"sh", "-c", script};
  request.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  return request;
}

// With SIGCHLD ignored the kernel reaps children itself and waitpid fails
// with ECHILD: the exit status is lost, which must not read as exit 0.
struct IgnoredSigchld {
  struct sigaction old {};
  IgnoredSigchld() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGCHLD, &ignore, &old);
  }
  ~IgnoredSigchld() { sigaction(SIGCHLD, &old, nullptr); }
};

}  // namespace

TEST_CASE("runbook child: the exit status is the program's", "[runbook]") {
  auto result = RunChild(Shell("echo out; exit 7"));
  REQUIRE(result.ok());
  CHECK(result->exit_code == 7);
  CHECK(result->out == "out\n");
}

TEST_CASE("runbook child: a failed waitpid is an error, not a success", "[runbook]") {
  IgnoredSigchld ignored;
  auto started = std::chrono::steady_clock::now();
  auto result = RunChild(Shell("exit 3"));
  CHECK_FALSE(result.ok());
  if (!result.ok()) CHECK_THAT(result.status().message(), Catch::Contains("waitpid"));
  // and it does not spin until the deadline
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}
