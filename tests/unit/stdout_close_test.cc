// CloseStdout closes the process's stdout, so each case runs it in a forked
// child whose fd 1 points where the case wants, and reads back the child's
// exit code and message.
#include "common/stdout_close.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

#include "common/process_state.h"

namespace evt {
namespace {

struct ChildResult {
  int exit_code = -1;
  std::string message;
};

std::string ReadAll(int fd) {
  std::string text;
  char buffer[256];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<size_t>(n));
  return text;
}

// In a child: points stdout at `stdout_fd`, prints `output`, optionally
// marks the reader gone, and exits with CloseStdout's code, sending its
// message back through a pipe.
ChildResult CloseInChild(int stdout_fd, const char* output, bool mark_reader_gone = false) {
  int report[2];
  REQUIRE(pipe(report) == 0);
  std::fflush(stdout);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    signal(SIGPIPE, SIG_IGN);
    close(report[0]);
    dup2(stdout_fd, STDOUT_FILENO);
    std::fputs(output, stdout);
    if (mark_reader_gone) MarkReaderGone();
    Status status = CloseStdout();
    ssize_t written = write(report[1], status.message().data(), status.message().size());
    (void)written;
    _exit(ToInt(status.code()));
  }
  close(report[1]);
  ChildResult result;
  result.message = ReadAll(report[0]);
  close(report[0]);
  int wait_status = 0;
  waitpid(pid, &wait_status, 0);
  if (WIFEXITED(wait_status)) result.exit_code = WEXITSTATUS(wait_status);
  return result;
}

TEST_CASE("stdout close: output to /dev/full is a write error naming the cause", "[stdout_close]") {
  int full = open("/dev/full", O_WRONLY);
  REQUIRE(full >= 0);
  ChildResult result = CloseInChild(full, "{\"kind\":\"probe\"}\n");
  close(full);
  CHECK(result.exit_code == 74);
  CHECK(result.message == "write error: no space left on device");
}

TEST_CASE("stdout close: no output to /dev/full is no error", "[stdout_close]") {
  int full = open("/dev/full", O_WRONLY);
  REQUIRE(full >= 0);
  ChildResult result = CloseInChild(full, "");
  close(full);
  CHECK(result.exit_code == 0);
  CHECK(result.message.empty());
}

TEST_CASE("stdout close: output that fits is fine", "[stdout_close]") {
  int null = open("/dev/null", O_WRONLY);
  REQUIRE(null >= 0);
  ChildResult result = CloseInChild(null, "{\"kind\":\"probe\"}\n");
  close(null);
  CHECK(result.exit_code == 0);
  CHECK(result.message.empty());
}

TEST_CASE("stdout close: a reader that went away (EPIPE) ends quietly", "[stdout_close]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  close(fds[0]);
  ChildResult result = CloseInChild(fds[1], "{\"kind\":\"probe\"}\n");
  close(fds[1]);
  CHECK(result.exit_code == 0);
  CHECK(result.message.empty());
}

TEST_CASE("stdout close: a reader marked gone hides the write error", "[stdout_close]") {
  int full = open("/dev/full", O_WRONLY);
  REQUIRE(full >= 0);
  ChildResult result = CloseInChild(full, "{\"kind\":\"probe\"}\n", /*mark_reader_gone=*/true);
  close(full);
  CHECK(result.exit_code == 0);
}

}  // namespace
}  // namespace evt
