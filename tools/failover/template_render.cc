#include "tools/failover/template_render.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace evt::failover {
namespace {

std::string KnownNames(const std::map<std::string, std::string>& vars) {
  std::string names;
  for (const auto& [name, value] : vars) names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "none" : names;
}

int LineAt(std::string_view text, std::size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Creates a new temporary file beside `path` (mode 0600): never opens one
// that exists or a symlink planted under its name. -1 with errno and
// *temp naming the last try.
int CreateTemp(const std::string& path, std::string* temp) {
  unsigned char noise[8];
  for (int attempt = 0; attempt < 16; ++attempt) {
    if (::getrandom(noise, sizeof noise, 0) != static_cast<ssize_t>(sizeof noise)) return -1;
    char suffix[17];
    for (std::size_t i = 0; i < sizeof noise; ++i) std::snprintf(suffix + 2 * i, 3, "%02x", noise[i]);
    *temp = path + ".evt-tmp." + suffix;
    const int fd = ::open(temp->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

// 0 or the errno of the failed write.
int WriteAll(int fd, std::string_view content) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

bool SyncFolderOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  errno = err;
  return synced;
}

}  // namespace

Result<std::string> RenderTemplate(std::string_view text, const std::map<std::string, std::string>& vars) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
      return Status::DataErr("line " + std::to_string(LineAt(text, open)) + ": unclosed {{");
    out.append(text.substr(pos, open - pos));
    const std::string name(Trimmed(text.substr(open + 2, close - open - 2)));
    auto it = vars.find(name);
    if (it == vars.end())
      return Status::DataErr("line " + std::to_string(LineAt(text, open)) + ": unknown variable \"" + name +
                             "\" (known: " + KnownNames(vars) + ")");
    out += it->second;
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

Status WriteAtomically(const std::string& path, std::string_view content) {
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  std::string temp;
  const int fd = CreateTemp(path, &temp);
  if (fd < 0) return Status::IoErr(temp + ": " + std::strerror(errno));
  int err = WriteAll(fd, content);
  // The file keeps the mode its owner gave it; a new one is private until
  // someone says otherwise, as it may name internal addresses.
  if (err == 0 && exists && ::fchmod(fd, existing.st_mode & 07777) != 0) err = errno;
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(temp.c_str());
    return Status::IoErr(temp + ": " + std::strerror(err));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    err = errno;
    ::unlink(temp.c_str());
    return Status::IoErr(path + ": " + std::strerror(err));
  }
  // The rename is durable only once the folder's entry is on disk.
  if (!SyncFolderOf(path)) return Status::IoErr(path + ": cannot sync its folder: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace evt::failover
