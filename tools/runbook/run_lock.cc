#include "tools/runbook/run_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstring>
#include <regex>

#include "common/state_dir.h"

namespace evt::runbook {

Result<RunLock> RunLock::Acquire(const std::string& state_dir, std::string_view name, const std::string& holder) {
  static const std::regex kLockName("[A-Za-z0-9_.-]+");
  std::string lock_name(name);
  if (!std::regex_match(lock_name, kLockName) || lock_name.starts_with(".")) {
    return Status::DataErr("lock \"" + lock_name + "\": expected letters, digits, '.', '_' or '-'");
  }
  std::string dir = JoinPath(state_dir, "locks");
  EVT_RETURN_IF_ERROR(EnsurePrivateDir(dir));
  std::string path = JoinPath(dir, lock_name + ".lock");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoErr(path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    char buffer[512] = {};
    ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    ::close(fd);
    if (error != EWOULDBLOCK) return Status::IoErr(path + ": flock: " + std::strerror(error));
    std::string who = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "another run";
    while (!who.empty() && (who.back() == '\n' || who.back() == '\0')) who.pop_back();
    return Status::TempFail("runbook lock \"" + lock_name + "\" is held by " + who);
  }
  if (::ftruncate(fd, 0) == 0) {
    std::string line = holder + "\n";
    ssize_t ignored = ::pwrite(fd, line.data(), line.size(), 0);
    (void)ignored;
  }
  return RunLock(fd);
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace evt::runbook
