// The handlers are process-wide; each TEST_CASE runs in its own process
// under CTest, and each restores the defaults when it ends.
#include "common/signals.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <thread>

#include <catch2/catch.hpp>

#include "common/process_state.h"

namespace evt {
namespace {

struct SignalGuard {
  SignalGuard() { ResetProcessStateForTesting(); }
  ~SignalGuard() {
    RestoreDefaultSignals();
    ResetProcessStateForTesting();
  }
};

void (*CurrentHandler(int signal_number))(int) {
  struct sigaction current {};
  sigaction(signal_number, nullptr, &current);
  return current.sa_handler;
}

TEST_CASE("signals: SIGTERM requests a stop and interrupts a blocked read", "[signals]") {
  SignalGuard guard;
  InstallSignalHandlers();
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::atomic<bool> read_returned{false};
  pthread_t main_thread = pthread_self();
  std::thread sender([&] {
    usleep(100 * 1000);
    pthread_kill(main_thread, SIGTERM);
    // If the read was not interrupted, unblock it after 5 s so the test
    // fails instead of hanging.
    for (int i = 0; i < 500 && !read_returned; ++i) usleep(10 * 1000);
    // (Catch2's CHECK is not thread-safe: the main thread checks result.)
    if (!read_returned) {
      ssize_t written = write(fds[1], "x", 1);
      (void)written;
    }
  });
  char byte;
  ssize_t result = read(fds[0], &byte, 1);
  int error = errno;
  read_returned = true;
  sender.join();
  CHECK(result == -1);
  CHECK(error == EINTR);
  CHECK(StopRequested());
  CHECK(StopSignal() == SIGTERM);
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("signals: SIGINT requests a stop with its own number", "[signals]") {
  SignalGuard guard;
  InstallSignalHandlers();
  raise(SIGINT);
  CHECK(StopRequested());
  CHECK(StopSignal() == SIGINT);
}

TEST_CASE("signals: a second SIGTERM gets the default action", "[signals]") {
  SignalGuard guard;
  InstallSignalHandlers();
  CHECK(CurrentHandler(SIGTERM) != SIG_DFL);
  raise(SIGTERM);
  CHECK(StopSignal() == SIGTERM);
  CHECK(CurrentHandler(SIGTERM) == SIG_DFL);
}

TEST_CASE("signals: a write to a closed pipe returns EPIPE instead of killing", "[signals]") {
  SignalGuard guard;
  InstallSignalHandlers();
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  close(fds[0]);
  errno = 0;
  CHECK(write(fds[1], "x", 1) == -1);
  CHECK(errno == EPIPE);
  close(fds[1]);
}

TEST_CASE("signals: a stop signal ignored at start stays ignored", "[signals]") {
  SignalGuard guard;
  signal(SIGINT, SIG_IGN);
  InstallSignalHandlers();
  CHECK(CurrentHandler(SIGINT) == SIG_IGN);
  CHECK(CurrentHandler(SIGTERM) != SIG_IGN);
  RestoreDefaultSignals();
  CHECK(CurrentHandler(SIGINT) == SIG_DFL);
  CHECK(CurrentHandler(SIGPIPE) == SIG_DFL);
}

}  // namespace
}  // namespace evt
