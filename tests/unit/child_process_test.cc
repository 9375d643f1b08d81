// RunChild's account of how a program ended, and its promise that nothing
// of the program's process group outlives it.
#include "common/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using evt::ChildRequest;
using evt::ChildResult;
using evt::Duration;
using evt::Result;
using evt::RunChild;

namespace {

using Steady = std::chrono::steady_clock;

ChildRequest Shell(const std::string& script, Duration timeout = Duration(10000)) {
  ChildRequest request;
  request.path = "/bin/sh";
  request.argv = {"sh", "-c", script};
  request.deadline = Steady::now() + timeout;
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

// Alive and not a zombie: a container's init may never reap the orphan.
bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  std::size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}

std::string TempPath(const char* name) {
  return std::string(std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp") + "/evt-child-" +
         std::to_string(::getpid()) + "-" + name;
}

}  // namespace

TEST_CASE("child process: the exit status and the output are the program's") {
  auto result = RunChild(Shell("echo out; echo err >&2; exit 7"));
  REQUIRE(result.ok());
  CHECK(result->exit_code == 7);
  CHECK(result->signal == 0);
  CHECK(result->out == "out\n");
  CHECK(result->err == "err\n");
  CHECK_FALSE(result->timed_out);
}

TEST_CASE("child process: a program killed by a signal is 128 + the signal") {
  auto result = RunChild(Shell("kill -TERM $$"));
  REQUIRE(result.ok());
  CHECK(result->signal == SIGTERM);
  CHECK(result->exit_code == 128 + SIGTERM);
}

TEST_CASE("child process: stdin is the given data, then end of input") {
  ChildRequest request = Shell("cat; echo done");
  request.stdin_data = "line 1\nline 2\n";
  auto result = RunChild(request);
  REQUIRE(result.ok());
  CHECK(result->out == "line 1\nline 2\ndone\n");
}

TEST_CASE("child process: a timeout ends the whole group, background children included") {
  std::string pid_file = TempPath("background.pid");
  // The background sleep ignores SIGTERM: only the SIGKILL after the grace
  // period ends it.
  ChildRequest request =
      Shell("trap '' TERM; sleep 30 & echo $! > " + pid_file + "; wait", Duration(300));
  request.grace = Duration(200);
  Steady::time_point start = Steady::now();
  auto result = RunChild(request);
  REQUIRE(result.ok());
  CHECK(result->timed_out);
  CHECK(Steady::now() - start < std::chrono::seconds(5));
  pid_t background = std::stoi(ReadFile(pid_file));
  std::remove(pid_file.c_str());
  // Killed, and no longer ours to reap: its parent was the shell.
  for (int i = 0; i < 100 && Alive(background); ++i) ::usleep(10 * 1000);
  CHECK_FALSE(Alive(background));
}

TEST_CASE("child process: what the program leaves behind in its group is ended when it exits") {
  std::string pid_file = TempPath("left.pid");
  auto result = RunChild(Shell("sleep 30 </dev/null >/dev/null 2>&1 & echo $! > " + pid_file + "; exit 0"));
  REQUIRE(result.ok());
  CHECK(result->exit_code == 0);
  pid_t left = std::stoi(ReadFile(pid_file));
  std::remove(pid_file.c_str());
  for (int i = 0; i < 100 && Alive(left); ++i) ::usleep(10 * 1000);
  CHECK_FALSE(Alive(left));
}

TEST_CASE("child process: captured output stops at the cap, and the program still finishes") {
  // 40 MiB of zeros, more than the 32 MiB cap.
  auto result = RunChild(Shell("head -c 41943040 /dev/zero; echo tail >&2"));
  REQUIRE(result.ok());
  CHECK(result->exit_code == 0);
  CHECK(result->out.size() == evt::kMaxCapturedBytes);
  CHECK(result->err == "tail\n");
}

TEST_CASE("child process: env overlays the inherited environment, or replaces it") {
  ::setenv("EVT_CHILD_TEST_INHERITED", "kept", 1);
  ChildRequest overlay = Shell("echo \"$EVT_CHILD_TEST_INHERITED/$EVT_CHILD_TEST_OWN\"");
  overlay.env = {"EVT_CHILD_TEST_OWN=mine"};
  auto overlaid = RunChild(overlay);
  REQUIRE(overlaid.ok());
  CHECK(overlaid->out == "kept/mine\n");

  ChildRequest only = overlay;
  only.env_mode = ChildRequest::Env::kOnly;
  auto replaced = RunChild(only);
  REQUIRE(replaced.ok());
  CHECK(replaced->out == "/mine\n");
  ::unsetenv("EVT_CHILD_TEST_INHERITED");
}

TEST_CASE("child process: with an output descriptor, stdout and stderr both go there") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  ChildRequest request = Shell("echo to-out; echo to-err >&2");
  request.output_fd = ::fileno(sink);
  int told = 0;
  request.started = [&told](int group) { told = group; };
  auto result = RunChild(request);
  REQUIRE(result.ok());
  CHECK(result->out.empty());
  CHECK(result->err.empty());
  CHECK(told > 0);
  std::rewind(sink);
  char buffer[64] = {};
  std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, sink);
  std::fclose(sink);
  CHECK(std::string(buffer, n) == "to-out\nto-err\n");
}

TEST_CASE("child process: a program that cannot start is Unavailable, naming it") {
  ChildRequest request;
  request.path = "/nonexistent/evt-no-such-program";
  request.argv = {"evt-no-such-program"};
  auto result = RunChild(request);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == evt::ExitCode::kUnavailable);
  CHECK_THAT(result.status().message(), Catch::Contains("/nonexistent/evt-no-such-program"));
}

TEST_CASE("child process: a failed waitpid is an error, not a success") {
  IgnoredSigchld ignored;
  auto started = Steady::now();
  auto result = RunChild(Shell("exit 3"));
  CHECK_FALSE(result.ok());
  if (!result.ok()) CHECK_THAT(result.status().message(), Catch::Contains("waitpid"));
  // and it does not spin until the deadline
  CHECK(Steady::now() - started < std::chrono::seconds(5));
}
