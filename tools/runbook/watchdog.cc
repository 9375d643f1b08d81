#include "tools/runbook/watchdog.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

#include "common/exit_code.h"
#include "common/process_state.h"

namespace evt::runbook {

Watchdog::Watchdog(SteadyTime deadline, std::chrono::milliseconds grace,
                   std::function<void(const HardStop&)> hard_stop)
    : deadline_(deadline), grace_(grace), hard_stop_(std::move(hard_stop)) {
  // Without the stop pipe a SIGTERM that lands while Watch() is already in
  // poll(2) is seen only when the poll times out, a minute later.
  EnableStopWakeup();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    wake_read_ = fds[0];
    wake_write_ = fds[1];
  }
  thread_ = std::thread([this] { Watch(); });
}

Watchdog::~Watchdog() {
  Disarm();
  if (wake_read_ >= 0) ::close(wake_read_);
  if (wake_write_ >= 0) ::close(wake_write_);
}

void Watchdog::Disarm() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    disarmed_ = true;
  }
  if (wake_write_ >= 0) {
    char byte = 1;
    ssize_t ignored = ::write(wake_write_, &byte, 1);
    (void)ignored;
  }
  if (thread_.joinable()) thread_.join();
}

bool Watchdog::WaitForDisarm(SteadyTime until, bool wake_on_stop) {
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (disarmed_) return true;
    }
    if (wake_on_stop && StopRequested()) return false;
    SteadyTime now = std::chrono::steady_clock::now();
    if (now >= until) return false;
    pollfd fds[2];
    int n = 0;
    if (wake_read_ >= 0) fds[n++] = {wake_read_, POLLIN, 0};
    if (wake_on_stop && StopWakeupFd() >= 0) fds[n++] = {StopWakeupFd(), POLLIN, 0};
    // Without the pipes (no descriptors left), short naps instead.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count() + 1;
    int wait_ms = static_cast<int>(std::min<long long>(left, wake_read_ >= 0 ? 60'000 : 20));
    ::poll(fds, static_cast<nfds_t>(n), wait_ms);
  }
}

void Watchdog::Watch() {
  if (WaitForDisarm(deadline_, /*wake_on_stop=*/true)) return;
  HardStop stop;
  if (StopRequested()) {
    int signal_number = StopSignal();
    stop = {"interrupted", "runbook interrupted by a signal", ToInt(signal_number == SIGTERM ? ExitCode::kTerminated : ExitCode::kInterrupted)};
  } else {
    stop = {"timeout", "runbook ran past its time limit (--timeout)", ToInt(ExitCode::kCheckFailed)};
  }
  SteadyTime hard_deadline = std::chrono::steady_clock::now() + grace_;
  if (WaitForDisarm(hard_deadline, /*wake_on_stop=*/false)) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (disarmed_) return;
  stop.message += " and did not stop within " + std::to_string(grace_.count()) + " ms (kill_grace)";
  hard_stop_(stop);
}

}  // namespace evt::runbook
