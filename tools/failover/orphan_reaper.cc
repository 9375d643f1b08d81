#include "tools/failover/orphan_reaper.h"

#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace evt::failover {
namespace {

// A process is named by its pid and its start time (clock ticks since
// boot, /proc/PID/stat field 22), so a pid the kernel gave to someone else
// since is not mistaken for ours. 0 when there is no such process.
unsigned long long StartTimeOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  const std::size_t comm_end = stat.rfind(')');
  if (comm_end == std::string::npos) return 0;
  std::istringstream fields(stat.substr(comm_end + 1));
  std::string field;
  for (int i = 3; i < 22 && fields >> field; ++i) {
  }
  unsigned long long start = 0;
  fields >> start;
  return start;
}

bool GroupAlive(pid_t group) { return ::kill(-group, 0) == 0 || errno == EPERM; }

bool WaitGroupGone(pid_t group, int tenths) {
  for (int i = 0; i < tenths; ++i) {
    if (!GroupAlive(group)) return true;
    timespec tenth{0, 100 * 1000 * 1000};
    nanosleep(&tenth, nullptr);
  }
  return !GroupAlive(group);
}

struct Recorded {
  pid_t decider = 0;
  unsigned long long decider_start = 0;
  pid_t group = 0;
  unsigned long long group_start = 0;
};

bool WriteFile(const std::string& file, const std::string& text) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return ::close(fd) == 0 && ok;
}

}  // namespace

bool OrphanReaper::ReapLeftovers() const {
  if (file_.empty()) return false;
  std::ifstream in(file_);
  Recorded r;
  if (!(in >> r.decider >> r.decider_start >> r.group >> r.group_start) || r.group <= 0) return false;
  if (r.decider != ::getpid() && r.decider_start != 0 && StartTimeOf(r.decider) == r.decider_start)
    return false;  // its decider still runs and will end it
  // The leader gone but the group alive means the pid cannot have been
  // reused (the kernel keeps a live group's id); the leader alive must be
  // the one we started.
  const unsigned long long leader_start = StartTimeOf(r.group);
  if (!GroupAlive(r.group) || (leader_start != 0 && leader_start != r.group_start)) return false;
  ::kill(-r.group, SIGTERM);
  if (!WaitGroupGone(r.group, 20)) {
    ::kill(-r.group, SIGKILL);
    WaitGroupGone(r.group, 10);
  }
  return true;
}

void OrphanReaper::Started(pid_t group) const {
  if (file_.empty()) return;
  const pid_t self = ::getpid();
  (void)WriteFile(file_, std::to_string(self) + " " + std::to_string(StartTimeOf(self)) + " " +
                             std::to_string(group) + " " + std::to_string(StartTimeOf(group)) + "\n");
}

void OrphanReaper::Ended() const {
  if (!file_.empty()) ::unlink(file_.c_str());
}

}  // namespace evt::failover
