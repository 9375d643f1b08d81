#include "common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace evt {

namespace {

Status WriteAll(int fd, const std::string& tmp, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoErr(tmp + ": " + std::strerror(errno));
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  return WriteFileAtomically(path, [&](const std::function<Status(std::string_view)>& out) { return out(text); });
}

Status WriteFileAtomically(const std::string& path, const TextPieces& pieces) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoErr(tmp + ": " + std::strerror(errno));
  Status written = pieces([&](std::string_view piece) { return WriteAll(fd, tmp, piece); });
  if (!written.ok()) {
    close(fd);
    unlink(tmp.c_str());
    return written;
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp.c_str());
    return Status::IoErr(tmp + ": " + std::strerror(errno));
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return Status::IoErr(path + ": " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace evt
