#include "tools/detect/input_follower.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/jsonl_reader.h"
#include "common/process_state.h"
#include "tools/detect/file_growth_waiter.h"

namespace evt::detect {
namespace {

bool IsStdin(const std::string& path) { return path == "-"; }

class OpenFiles {
 public:
  ~OpenFiles() {
    for (int fd : fds_) ::close(fd);
  }
  Result<int> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::NoInput(path + ": cannot open: " + std::strerror(errno));
    fds_.push_back(fd);
    return fd;
  }

 private:
  std::vector<int> fds_;
};

}  // namespace

InputFollower::InputFollower(std::vector<std::string> paths, bool follow)
    : paths_(paths.empty() ? std::vector<std::string>{"-"} : std::move(paths)), follow_(follow) {}

Status InputFollower::ReadOnce(const std::string& path, const CommonOptions& common, RecordWriter& errors,
                               const Clock& clock, const Each& each) const {
  EVT_ASSIGN_OR_RETURN(JsonlReader reader, JsonlReader::Open(path));
  RecordInput input(reader, common, errors, clock);
  EVT_RETURN_IF_ERROR(each(input, reader.name()));
  input.ReportAtEnd();
  return Status::Ok();
}

// Every pass starts where the last one stopped: the descriptor's offset
// stays between readers.
Status InputFollower::Follow(const CommonOptions& common, RecordWriter& errors, const Clock& clock,
                             const Each& each) const {
  OpenFiles files;
  std::vector<int> fds;
  for (const std::string& path : paths_) {
    EVT_ASSIGN_OR_RETURN(int fd, files.Open(path));
    fds.push_back(fd);
  }
  FileGrowthWaiter growth(paths_);
  while (!StopRequested()) {
    for (std::size_t i = 0; i < fds.size(); ++i) {
      JsonlReader reader(fds[i], paths_[i]);
      RecordInput input(reader, common, errors, clock);
      EVT_RETURN_IF_ERROR(each(input, reader.name()));
    }
    if (!growth.Wait()) break;
  }
  return Status::Ok();
}

Status InputFollower::ForEach(const CommonOptions& common, RecordWriter& errors, const Clock& clock,
                              const Each& each) const {
  const bool only_stdin = paths_.size() == 1 && IsStdin(paths_[0]);
  if (follow_ && !only_stdin) {
    for (const std::string& path : paths_)
      if (IsStdin(path)) return Status::Usage("--watch follows files or reads stdin, not both");
    return Follow(common, errors, clock, each);
  }
  for (const std::string& path : paths_) EVT_RETURN_IF_ERROR(ReadOnce(path, common, errors, clock, each));
  return Status::Ok();
}

}  // namespace evt::detect
