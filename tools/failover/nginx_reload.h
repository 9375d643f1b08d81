// Replacing a file nginx reads, the only way to change a running nginx
// without nginx Plus's API: write it atomically, `nginx -t`, reload; when
// the test or the reload fails, the old bytes go back (and the file is
// removed if there was none), so nginx never runs, and never will load at
// its next start, a file it refused (doc/design.md §16).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/status.h"

namespace evt::failover {

struct NginxCommands {
  std::vector<std::string> test;    // argv, default {"nginx", "-t"}
  std::vector<std::string> reload;  // argv, default {"nginx", "-s", "reload"}
  std::string folder;               // relative programs resolve against it
  Duration timeout{10000};          // for each of the two
};

// The file's bytes, or nullopt when it does not exist; IoErr when it
// cannot be read.
Result<std::optional<std::string>> ReadFileBytes(const std::string& path);

// Puts `bytes` at `path` (nullopt: removes it) with the rules above. A
// refused test is DataErr "nginx refused the new file, the old file is
// back: COMMAND: exit status 1: OUTPUT" with nginx's own words; a failed reload is Unavailable with its
// output; a program that cannot start is Unavailable naming it.
Status ReplaceTested(const std::string& path, const std::optional<std::string>& bytes, const NginxCommands& commands);

}  // namespace evt::failover
