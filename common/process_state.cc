#include "common/process_state.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>

namespace evt {
namespace {
// sig_atomic_t-sized lock-free atomics are what a signal handler may touch.
std::atomic<int> g_stop_signal{0};
std::atomic<bool> g_reader_gone{false};
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);
// The self-pipe: a stop writes a byte here so a poll(2) that began just
// before the signal still wakes (a flag alone is checked too early).
std::atomic<int> g_wakeup_read{-1};
std::atomic<int> g_wakeup_write{-1};
}  // namespace

void EnableStopWakeup() {
  if (g_wakeup_read.load() >= 0) return;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return;  // then waits fall back to EINTR alone
  g_wakeup_write.store(fds[1]);
  g_wakeup_read.store(fds[0]);
}

int StopWakeupFd() { return g_wakeup_read.load(std::memory_order_relaxed); }

void RequestStop(int signal_number) {
  g_stop_signal.store(signal_number, std::memory_order_relaxed);
  int fd = g_wakeup_write.load(std::memory_order_relaxed);
  if (fd >= 0) {
    int saved_errno = errno;  // a handler must not change errno under the code it interrupted
    char byte = 1;
    ssize_t ignored = write(fd, &byte, 1);  // a full pipe is fine: it is readable already
    (void)ignored;
    errno = saved_errno;
  }
}

bool SleepUnlessStopRequested(std::chrono::milliseconds duration) {
  auto deadline = std::chrono::steady_clock::now() + duration;
  while (!StopRequested()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return true;
    pollfd wakeup{StopWakeupFd(), POLLIN, 0};
    poll(&wakeup, wakeup.fd >= 0 ? 1 : 0, static_cast<int>(std::min<long long>(left.count(), 60'000)));
  }
  return false;
}
bool StopRequested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }
int StopSignal() { return g_stop_signal.load(std::memory_order_relaxed); }
void MarkReaderGone() { g_reader_gone.store(true, std::memory_order_relaxed); }
bool ReaderGone() { return g_reader_gone.load(std::memory_order_relaxed); }

void ResetProcessStateForTesting() {
  g_stop_signal.store(0);
  g_reader_gone.store(false);
  if (int fd = StopWakeupFd(); fd >= 0) {
    char drained[64];
    while (read(fd, drained, sizeof drained) > 0) {
    }
  }
}

}  // namespace evt
