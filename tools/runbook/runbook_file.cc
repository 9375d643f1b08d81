#include "tools/runbook/runbook_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tools/runbook/content_hash.h"
#include "tools/runbook/program_path.h"

namespace evt::runbook {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxRunbookBytes = 1 << 20;

Result<RunbookFile> ReadRunbook(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::NoInput(path + ": no such runbook file");
  if (fs::file_size(path, ec) > kMaxRunbookBytes) return Status::DataErr(path + ": larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NoInput(path + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  RunbookFile file;
  file.path = path;
  file.name = fs::path(path).stem().string();
  file.source = text.str();
  file.hash = ContentHash(file.source);
  return file;
}

// One spelling per folder ("runbooks", "./runbooks/" and a link to it
// alike), so a folder the config names is searched, and named, once.
fs::path SameFolder(const std::string& dir) {
  std::error_code ec;
  fs::path path = fs::weakly_canonical(fs::absolute(dir, ec), ec).lexically_normal();
  if (ec) path = fs::path(dir).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();
  return path;
}

}  // namespace

std::string InstalledRunbookDir() {
  std::string self = SelfDir();
  std::error_code ec;
  if (!self.empty()) {
    fs::path installed = fs::path(self) / ".." / "share" / "evt" / "runbooks";
    if (fs::is_directory(installed, ec)) return fs::weakly_canonical(installed, ec).string();
  }
  return EVT_RUNBOOK_SOURCE_DIR;
}

std::vector<std::string> SearchDirs(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  std::vector<fs::path> seen;
  auto add = [&](const std::string& dir) {
    fs::path same = SameFolder(dir);
    if (std::find(seen.begin(), seen.end(), same) != seen.end()) return;
    seen.push_back(same);
    out.push_back(dir);
  };
  for (const std::string& dir : dirs) add(dir);
  add(InstalledRunbookDir());
  return out;
}

std::vector<std::string> LibDirs(const std::vector<std::string>& search_dirs, const std::string& runbook_path) {
  std::vector<std::string> out;
  std::string own = (fs::path(runbook_path).parent_path() / "lib").string();
  if (fs::path(runbook_path).parent_path().empty()) own = "lib";
  out.push_back(own);
  for (const std::string& dir : search_dirs) {
    std::string lib = (fs::path(dir) / "lib").string();
    if (std::find(out.begin(), out.end(), lib) == out.end()) out.push_back(lib);
  }
  return out;
}

Result<RunbookFile> FindRunbook(const std::string& file_or_name, const std::vector<std::string>& search_dirs) {
  if (file_or_name.find('/') != std::string::npos || file_or_name.ends_with(".lua")) {
    return ReadRunbook(file_or_name);
  }
  std::string tried;
  for (const std::string& dir : search_dirs) {
    std::string path = (fs::path(dir) / (file_or_name + ".lua")).string();
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return ReadRunbook(path);
    tried += (tried.empty() ? "" : ", ") + dir;
  }
  return Status::NoInput("no runbook named \"" + file_or_name + "\" in " + tried);
}

std::vector<std::string> ListRunbookPaths(const std::vector<std::string>& search_dirs) {
  std::map<std::string, std::string> by_name;
  for (const std::string& dir : search_dirs) {
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
      if (!entry.is_regular_file(ec) || entry.path().extension() != ".lua") continue;
      by_name.emplace(entry.path().stem().string(), entry.path().string());
    }
  }
  std::vector<std::string> out;
  for (const auto& [name, path] : by_name) out.push_back(path);
  return out;
}

}  // namespace evt::runbook
