#include "common/state_dir.h"

#include <fcntl.h>
#include <pwd.h>
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

bool IsSiteDir(const struct stat& st) {
  return (st.st_mode & S_ISGID) && (st.st_mode & S_IWGRP) && !(st.st_mode & S_IWOTH);
}

Status CheckExistingDir(const std::string& path, const struct stat& st) {
  if (!S_ISDIR(st.st_mode)) return Status::Config(path + ": state directory is not a directory");
  if (IsSiteDir(st)) return Status::Ok();
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    return Status::Config(path + ": state directory is writable by group or others (mode " +
                          OctalMode(st.st_mode) + "); run: chmod 700 " + path +
                          " (or chmod 2770 for a site's group)");
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

std::string UserName(uid_t uid) {
  const struct passwd* pw = getpwuid(uid);
  return pw && pw->pw_name ? pw->pw_name : std::to_string(uid);
}

std::string FolderOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

Status EnsurePrivateFile(const std::string& path) {
  const std::string dir = FolderOf(path);
  struct stat dir_st;
  if (stat(dir.c_str(), &dir_st) != 0) return Status::IoErr(dir + ": cannot open: " + ErrnoText(errno));
  struct stat file_st;
  const bool exists = stat(path.c_str(), &file_st) == 0;
  // Not opened when it is there: closing any descriptor of a file drops
  // every fcntl lock this process holds on it, SQLite's included, and a
  // process with two connections to one database (a daemon's heartbeat
  // thread) would then lose its WAL to the other's close.
  if (exists && S_ISDIR(file_st.st_mode)) return Status::IoErr(path + ": cannot open: " + ErrnoText(EISDIR));
  if (exists) return Status::Ok();
  const uid_t me = geteuid();
  // Another user's file here would lock its owner (the site's daemons) out.
  if (me != 0 && dir_st.st_uid != me) {
    const std::string owner = UserName(dir_st.st_uid);
    return Status::Config(path + ": not created: the state directory belongs to " + owner +
                          ", and a file made by " + UserName(me) + " would lock it out; run the command as " +
                          owner + " (sudo -u " + owner + " ...)");
  }
  const mode_t mode = IsSiteDir(dir_st) ? 0660 : 0600;
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, mode);
  if (fd < 0) return Status::IoErr(path + ": cannot open: " + ErrnoText(errno));
  // The group's write bit is the point of a site's directory: no umask takes it.
  if (mode == 0660) (void)fchmod(fd, mode);
  // root acting in the site's directory: what it creates stays the owner's
  // (SQLite gives the -wal and -shm files the database's owner in turn).
  Status owned = Status::Ok();
  if (me == 0 && (dir_st.st_uid != 0 || IsSiteDir(dir_st)) &&
      fchown(fd, dir_st.st_uid, dir_st.st_gid) != 0) {
    owned = Status::IoErr(path + ": cannot give it to the state directory's owner: " + ErrnoText(errno));
  }
  close(fd);
  return owned;
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string path(dir);
  if (!path.empty() && path.back() != '/') path += '/';
  path += name;
  return path;
}

}  // namespace evt
