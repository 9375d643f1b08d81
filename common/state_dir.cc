#include "common/state_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace evt {
namespace {

// strerror, lowercased to fit "where: what" messages.
std::string ErrnoText(int err) {
  std::string text = std::strerror(err);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

std::string_view EnvValue(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  return value ? std::string_view(value) : std::string_view();
}

std::string OctalMode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Status CheckExistingDir(const std::string& path, const struct stat& st) {
  if (!S_ISDIR(st.st_mode)) return Status::Config(path + ": state directory is not a directory");
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    return Status::Config(path + ": state directory is writable by group or others (mode " +
                          OctalMode(st.st_mode) + "); run: chmod 700 " + path);
  }
  return Status::Ok();
}

// "a/b/" -> "a/b", so the last component is the one made private; "/" stays.
std::string WithoutTrailingSlashes(const std::string& path) {
  size_t end = path.find_last_not_of('/');
  return end == std::string::npos ? "/" : path.substr(0, end + 1);
}

Status CreateError(const std::string& path, int err) {
  std::string msg = path + ": cannot create state directory: " + ErrnoText(err);
  if (err == ENOSPC || err == EIO || err == EDQUOT) return Status::IoErr(std::move(msg));
  return Status::Config(std::move(msg));
}

// mkdir -p for everything above `path`.
Status CreateParents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    std::string parent = path.substr(0, slash);
    struct stat st;
    if (stat(parent.c_str(), &st) == 0) continue;
    if (errno != ENOENT) return CreateError(parent, errno);
    if (mkdir(parent.c_str(), 0777) != 0 && errno != EEXIST) return CreateError(parent, errno);
  }
  return Status::Ok();
}

Status CreatePrivateDir(const std::string& path) {
  EVT_RETURN_IF_ERROR(CreateParents(path));
  if (mkdir(path.c_str(), 0700) != 0) {
    if (errno != EEXIST) return CreateError(path, errno);
    struct stat st;  // someone else created it just now: judge it as existing
    if (stat(path.c_str(), &st) != 0) return CreateError(path, errno);
    return CheckExistingDir(path, st);
  }
  if (chmod(path.c_str(), 0700) != 0) return CreateError(path, errno);
  return Status::Ok();
}

}  // namespace

const char* SystemEnv(const char* name) { return std::getenv(name); }

Result<std::string> ResolveStateDir(std::string_view flag_value, const EnvLookup& env) {
  if (!flag_value.empty()) return std::string(flag_value);
  if (auto dir = EnvValue(env, "EVT_STATE_DIR"); !dir.empty()) return std::string(dir);
  if (auto xdg = EnvValue(env, "XDG_STATE_HOME"); !xdg.empty() && xdg[0] == '/') return JoinPath(xdg, "evt");
  if (auto home = EnvValue(env, "HOME"); !home.empty()) return JoinPath(home, ".local/state/evt");
  return Status::Config(
      "state directory: unknown; pass --state-dir DIR or set EVT_STATE_DIR, XDG_STATE_HOME or HOME");
}

Status EnsurePrivateDir(const std::string& path_as_given) {
  if (path_as_given.empty()) return Status::Config("state directory: empty path");
  std::string path = WithoutTrailingSlashes(path_as_given);
  struct stat st;
  if (stat(path.c_str(), &st) == 0) return CheckExistingDir(path, st);
  if (errno != ENOENT) return CreateError(path, errno);
  return CreatePrivateDir(path);
}

Status EnsurePrivateFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoErr(path + ": cannot open: " + ErrnoText(errno));
  close(fd);
  return Status::Ok();
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string path(dir);
  if (!path.empty() && path.back() != '/') path += '/';
  path += name;
  return path;
}

}  // namespace evt
