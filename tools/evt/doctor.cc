#include "tools/evt/doctor.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tools/evt/status_time.h"

namespace evt::front {

namespace {

namespace fs = std::filesystem;

std::string UserName(uid_t uid) {
  if (const passwd* pw = ::getpwuid(uid)) return pw->pw_name;
  return "uid " + std::to_string(uid);
}

std::string Canonical(const std::string& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(path, error);
  return error ? path : canonical.string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> NulSeparated(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The first number after `field` in /proc/PID/status ("Uid:\t1000\t...").
std::optional<unsigned> StatusNumber(const std::string& status, const std::string& field) {
  std::size_t at = status.find("\n" + field + ":");
  if (at == std::string::npos) return std::nullopt;
  std::istringstream in(status.substr(at + field.size() + 2));
  unsigned n = 0;
  if (!(in >> n)) return std::nullopt;
  return n;
}

// Whether the user `uid` of group `gid` may read `path`, by its mode bits.
bool ReadableBy(const struct stat& st, uid_t uid, gid_t gid) {
  if (uid == 0) return true;
  if (st.st_uid == uid) return st.st_mode & S_IRUSR;
  if (st.st_gid == gid) return st.st_mode & S_IRGRP;
  return st.st_mode & S_IROTH;
}

void CheckDaemons(const DoctorInputs& in, std::vector<Finding>& out, std::optional<DaemonProcess>& daemon_user) {
  const std::string my_config = in.config_path.empty() ? "" : Canonical(in.config_path);
  for (const Beat& beat : in.beats) {
    if (beat.one_shot) {
      if (in.now - beat.beat_at > in.stale_after) {
        out.push_back({"fresh", beat.daemon,
                       "last ran " + AgeText(in.now - beat.beat_at) + " ago: is its timer running? (systemctl list-timers 'evt-*')"});
      }
      continue;
    }
    if (!IsAlive(beat, in.now, in.this_host)) {
      out.push_back({"daemon", beat.daemon, "stale: last beat " + AgeText(in.now - beat.beat_at) + " ago (pid " +
                                                std::to_string(beat.pid) + " on " + beat.host + ")"});
      continue;
    }
    if (beat.host != in.this_host || !in.inspect) continue;
    std::optional<DaemonProcess> process = in.inspect(beat.pid);
    if (!process) continue;
    if (!daemon_user) daemon_user = process;
    if (process->uid != in.uid) {
      out.push_back({"user", beat.daemon, "runs as " + UserName(process->uid) + ", this shell as " + UserName(in.uid) +
                                              ": run as it (sudo -u " + UserName(process->uid) + " evt ...)"});
    }
    if (process->config && Canonical(*process->config) != my_config) {
      out.push_back({"config", beat.daemon, "reads " + *process->config + ", this shell " +
                                                (my_config.empty() ? std::string("none") : my_config) +
                                                ": pass --config " + *process->config + " or set EVT_CONFIG"});
    }
  }
}

void CheckFiles(const DoctorInputs& in, const std::optional<DaemonProcess>& daemon_user, std::vector<Finding>& out) {
  if (!in.config) return;
  for (const NamedFile& file : FilesNamedBy(in.config->document(), in.config->folder())) {
    struct stat st {};
    if (::stat(file.path.c_str(), &st) != 0) {
      out.push_back({"file", file.path, in.config->path() + ": " + file.pointer + ": does not exist" +
                                            (file.output ? " (has the timer that writes it run?)" : "")});
      continue;
    }
    if (file.output) {
      auto modified = std::chrono::system_clock::from_time_t(st.st_mtim.tv_sec);
      auto age = std::chrono::duration_cast<Duration>(in.now - std::chrono::time_point_cast<Duration>(modified));
      if (age > in.stale_after) {
        out.push_back({"fresh", file.path, in.config->path() + ": " + file.pointer + ": written " + AgeText(age) +
                                               " ago: is the timer or daemon that writes it running?"});
      }
      continue;
    }
    if (::access(file.path.c_str(), R_OK) != 0) {
      out.push_back({"file", file.path, in.config->path() + ": " + file.pointer + ": not readable by " + UserName(in.uid)});
    }
    if (daemon_user && !ReadableBy(st, daemon_user->uid, daemon_user->gid)) {
      out.push_back({"file", file.path, in.config->path() + ": " + file.pointer + ": not readable by the daemons' user " +
                                            UserName(daemon_user->uid)});
    }
  }
}

}  // namespace

std::vector<Finding> Diagnose(const DoctorInputs& in) {
  std::vector<Finding> out;
  if (in.beats.empty()) {
    out.push_back({"state root", in.state_root,
                   "no daemon has used it (chosen by " + in.state_root_why +
                       "): the site's daemons keep their state elsewhere, or none has run; pass their --config "
                       "or --state-dir"});
  }
  if (!in.state_root_writable && in.state_root_owner) {
    const std::string owner = UserName(in.state_root_owner->uid);
    out.push_back({"user", in.state_root, "owned by " + owner + ", and this shell (" + UserName(in.uid) +
                                              ") cannot write it: run as it (sudo -u " + owner + " evt ...)"});
  }
  std::optional<DaemonProcess> daemon_user;
  CheckDaemons(in, out, daemon_user);
  // Without a daemon to look at, the state root's owner is who they run as.
  if (!daemon_user) daemon_user = in.state_root_owner;
  CheckFiles(in, daemon_user, out);
  return out;
}

std::optional<DaemonProcess> InspectProcess(std::int64_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid);
  std::string status = Slurp(dir + "/status");
  std::optional<unsigned> uid = StatusNumber(status, "Uid");
  std::optional<unsigned> gid = StatusNumber(status, "Gid");
  if (!uid || !gid) return std::nullopt;
  DaemonProcess process{static_cast<uid_t>(*uid), static_cast<gid_t>(*gid), std::nullopt};
  std::vector<std::string> argv = NulSeparated(Slurp(dir + "/cmdline"));
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--config" && i + 1 < argv.size()) process.config = argv[i + 1];
    if (argv[i].rfind("--config=", 0) == 0) process.config = argv[i].substr(9);
  }
  if (!process.config) {
    for (const std::string& variable : NulSeparated(Slurp(dir + "/environ"))) {
      if (variable.rfind("EVT_CONFIG=", 0) == 0 && variable.size() > 11) process.config = variable.substr(11);
    }
  }
  return process;
}

Value FindingRecord(const Finding& finding, TimePoint at) {
  return Value::object({{"kind", "doctor.finding"},
                        {"v", 1},
                        {"ts", FormatRfc3339(at)},
                        {"check", finding.check},
                        {"subject", finding.subject},
                        {"message", finding.message}});
}

}  // namespace evt::front
