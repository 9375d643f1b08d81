// `evt doctor`: does this shell see the site as its daemons do? The same
// state root (its site.db has their beats), the same user and config as
// the live daemons on this host, timers' outputs fresh, and the files the
// config names there and readable, by this shell and by the daemons' user.
// One finding per problem; none means the shell and the daemons agree.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/heartbeat.h"
#include "common/value.h"

namespace evt::front {

struct Finding {
  std::string check;    // "state root", "user", "config", "daemon", "fresh", "file"
  std::string subject;  // the daemon, the file
  std::string message;
};

// What doctor learns of a running daemon from /proc (a seam for tests).
struct DaemonProcess {
  uid_t uid = 0;
  gid_t gid = 0;
  std::optional<std::string> config;  // from --config or EVT_CONFIG, as it gave it
};

struct DoctorInputs {
  std::string state_root;
  std::string state_root_why;    // "--state-dir", "site.state_dir in FILE", ...
  // Its owner, who the daemons run as (doc/design.md §4.3), when it exists;
  // and whether this shell may write it (a store it opens, a hold it places).
  std::optional<DaemonProcess> state_root_owner;
  bool state_root_writable = true;
  std::string config_path;       // this shell's config file; "" when none
  const Config* config = nullptr;
  std::vector<Beat> beats;
  TimePoint now{};
  std::string this_host;
  uid_t uid = 0;
  // A timer's output (a one-shot beat, a textfile) older than this is stale:
  // the shipped timers run every minute, so five missed runs.
  Duration stale_after{5 * 60 * 1000};
  std::function<std::optional<DaemonProcess>(std::int64_t pid)> inspect;
};

std::vector<Finding> Diagnose(const DoctorInputs& inputs);

// The process `pid` of this host from /proc: its uid and gid, and the
// config it was given (--config in its command line, else EVT_CONFIG in
// its environment when that is readable). nullopt when it is gone.
std::optional<DaemonProcess> InspectProcess(std::int64_t pid);

// The files a config names for reading (secrets' "file", "jwks",
// "model_file", any "*_file") and for writing ("textfile"), resolved
// against the config's folder, each with its JSON pointer.
struct NamedFile {
  std::string pointer;  // "/token/code/secret/file"
  std::string path;
  bool output = false;  // a textfile the tools write
};
std::vector<NamedFile> FilesNamedBy(const Value& document, const std::string& folder);

// The finding as the doctor.finding record of schemas/records/.
Value FindingRecord(const Finding& finding, TimePoint at);

}  // namespace evt::front
