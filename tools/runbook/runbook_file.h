// Finding a runbook and reading it: by path, or by name in the configured
// folders (`runbook.dirs`) and then the shipped ones.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace evt::runbook {

struct RunbookFile {
  std::string name;  // the file name without ".lua"
  std::string path;
  std::string source;
  std::string hash;  // ContentHash(source)
};

// The shipped runbooks: <binary dir>/../share/evt/runbooks when installed,
// else the source tree's runbooks/.
std::string InstalledRunbookDir();

// The folders searched for NAME, in order: `dirs`, then the installed one;
// each folder once, however often and however it is spelled.
std::vector<std::string> SearchDirs(const std::vector<std::string>& dirs);

// The folders `require` loads modules from: lib/ in each search folder and
// beside the runbook itself.
std::vector<std::string> LibDirs(const std::vector<std::string>& search_dirs, const std::string& runbook_path);

// FILE when it names a file (has a '/' or ends in ".lua"), else NAME
// looked up as NAME.lua in `search_dirs`. NoInput naming what was tried
// when there is none; DataErr for a file over 1 MiB.
Result<RunbookFile> FindRunbook(const std::string& file_or_name, const std::vector<std::string>& search_dirs);

// Every *.lua directly in the search folders (not lib/), the first of each
// name winning, sorted by name.
std::vector<std::string> ListRunbookPaths(const std::vector<std::string>& search_dirs);

}  // namespace evt::runbook
