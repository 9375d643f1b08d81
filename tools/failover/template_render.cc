#include "tools/failover/template_render.h"

#include <fcntl.h>
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
  const std::string temp = path + ".evt-tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoErr(temp + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return Status::IoErr(temp + ": " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  const int sync_error = ::fsync(fd) == 0 ? 0 : errno;
  const int close_error = ::close(fd) == 0 ? 0 : errno;
  if (sync_error != 0 || close_error != 0) {
    ::unlink(temp.c_str());
    return Status::IoErr(temp + ": " + std::strerror(sync_error != 0 ? sync_error : close_error));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    return Status::IoErr(path + ": " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace evt::failover
