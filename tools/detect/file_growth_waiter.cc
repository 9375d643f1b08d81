#include "tools/detect/file_growth_waiter.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "common/process_state.h"

namespace evt::detect {

FileGrowthWaiter::FileGrowthWaiter(const std::vector<std::string>& paths) {
  inotify_fd_ = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (inotify_fd_ < 0) return;
  for (const std::string& path : paths) {
    if (inotify_add_watch(inotify_fd_, path.c_str(), IN_MODIFY) >= 0) continue;
    // One file unwatched would wait kFollowSafety for its records.
    ::close(inotify_fd_);
    inotify_fd_ = -1;
    return;
  }
}

FileGrowthWaiter::~FileGrowthWaiter() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
}

bool FileGrowthWaiter::Wait() {
  if (inotify_fd_ < 0) return SleepUnlessStopRequested(kFollowPoll);
  if (StopRequested()) return false;
  if (WrittenWithin(kFollowSafety)) {
    const auto settle_by = std::chrono::steady_clock::now() + kFollowPoll;
    while (!StopRequested() && std::chrono::steady_clock::now() < settle_by && WrittenWithin(kFollowSettle)) {
    }
  }
  return !StopRequested();
}

bool FileGrowthWaiter::WrittenWithin(std::chrono::milliseconds limit) {
  pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {StopWakeupFd(), POLLIN, 0}};
  ::poll(fds, fds[1].fd >= 0 ? 2 : 1, static_cast<int>(limit.count()));
  // The events only say "written"; what was written is read from the file.
  bool written = false;
  alignas(inotify_event) char drained[4096];
  while (::read(inotify_fd_, drained, sizeof drained) > 0) written = true;
  return written;
}

}  // namespace evt::detect
