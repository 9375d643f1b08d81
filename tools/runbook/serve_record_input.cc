#include "tools/runbook/serve_record_input.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/messages.h"
#include "common/process_state.h"
#include "tools/runbook/serve_endpoints.h"

namespace evt::runbook {

Result<std::unique_ptr<RecordFollower>> RecordFollower::Start(const std::string& path, ServeSession& session) {
  int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NoInput("--records: cannot open " + path + ": " + std::strerror(errno));
  struct stat info {};
  bool follow = path != "-" && ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  return std::unique_ptr<RecordFollower>(new RecordFollower(fd, follow, path == "-" ? "<stdin>" : path, session));
}

RecordFollower::RecordFollower(int fd, bool follow, std::string name, ServeSession& session)
    : fd_(fd), follow_(follow), name_(std::move(name)), session_(session) {
  thread_ = std::thread([this] { Loop(); });
}

RecordFollower::~RecordFollower() {
  stop_ = true;
  thread_.join();
  if (fd_ != STDIN_FILENO) ::close(fd_);
}

void RecordFollower::OfferLine(const std::string& line, std::size_t number) {
  Result<std::vector<Trigger>> triggers = TriggersFromLines(line);
  Status status = triggers.ok() ? session_.Offer(*triggers) : triggers.status();
  if (!status.ok()) {
    PrintError(name_ + ":" + std::to_string(number) + ": " + status.message() + " (skipped)");
  }
}

void RecordFollower::Loop() {
  std::string pending;
  std::size_t number = 0;
  std::array<char, 65536> buffer{};
  while (!stop_ && !StopRequested()) {
    // A short poll, so a stop (SIGTERM or the destructor) is seen soon.
    pollfd ready{fd_, POLLIN, 0};
    if (!follow_ && ::poll(&ready, 1, 200) <= 0) continue;
    ssize_t got = ::read(fd_, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      if (!follow_) return;  // the writer went away
      ::usleep(200 * 1000);
      continue;
    }
    pending.append(buffer.data(), static_cast<std::size_t>(got));
    for (std::size_t end; (end = pending.find('\n')) != std::string::npos; pending.erase(0, end + 1)) {
      OfferLine(pending.substr(0, end), ++number);
    }
  }
}

}  // namespace evt::runbook
