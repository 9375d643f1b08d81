// What `run --watch FILE` waits on between passes: the files' inotify
// events (IN_MODIFY) or a stop request, so an idle follower sleeps until
// a writer appends instead of looking twice a second. Without inotify (a
// kernel without it, too many watches) it falls back to looking every
// kFollowPoll; with it, it still looks every kFollowSafety, for writes
// inotify does not see (a network file system's other clients).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace evt::detect {

inline constexpr std::chrono::milliseconds kFollowPoll{500};
inline constexpr std::chrono::milliseconds kFollowSafety{5000};
// An append may come in several write(2)s (tail, a record over stdio's
// buffer), and a line cut at the end of a pass is read as a bad record: a
// write is followed by this long without one before the pass, for at
// most kFollowPoll (a writer that never pauses is read as often as before).
inline constexpr std::chrono::milliseconds kFollowSettle{50};

class FileGrowthWaiter {
 public:
  explicit FileGrowthWaiter(const std::vector<std::string>& paths);
  ~FileGrowthWaiter();
  FileGrowthWaiter(const FileGrowthWaiter&) = delete;
  FileGrowthWaiter& operator=(const FileGrowthWaiter&) = delete;

  // Returns once a watched file was written to and settled, kFollowPoll
  // or kFollowSafety passed, or a stop was requested: false for the stop.
  bool Wait();

  bool watching() const { return inotify_fd_ >= 0; }

 private:
  // Waits up to `limit` for a write or a stop; whether a file was written.
  bool WrittenWithin(std::chrono::milliseconds limit);

  int inotify_fd_ = -1;
};

}  // namespace evt::detect
