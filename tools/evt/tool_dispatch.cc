#include "tools/evt/tool_dispatch.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "common/closest_match.h"
#include "common/messages.h"
#include "common/text_width.h"

namespace evt::front {

namespace fs = std::filesystem;

// EX_USAGE, as the status gatherer reads a tool without `status`; not 2,
// which would look like evt-WORD's own usage error passed through.
constexpr int kNotACommand = 64;

const std::vector<std::string>& OwnCommands() {
  static const std::vector<std::string> commands = {"status", "doctor", "hold", "release", "serve", "config"};
  return commands;
}

bool IsDispatched(std::string_view first_argument) {
  if (first_argument.empty() || first_argument.front() == '-') return false;
  const auto& own = OwnCommands();
  return std::find(own.begin(), own.end(), first_argument) == own.end();
}

std::string SelfDir() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? "" : self.parent_path().string();
}

namespace {

bool IsExecutableFile(const fs::path& file) {
  std::error_code error;
  return fs::is_regular_file(file, error) && ::access(file.c_str(), X_OK) == 0;
}

std::vector<std::string> SearchDirs(const std::string& self_dir, const std::string& path) {
  std::vector<std::string> dirs;
  if (!self_dir.empty()) dirs.push_back(self_dir);
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    // An empty entry of $PATH means the current folder; evt does not look
    // there, so a stray evt-x in the working folder is never run by surprise.
    if (end > start) dirs.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return dirs;
}

bool IsToolName(std::string_view tool) {
  return !tool.empty() && tool.find('/') == std::string_view::npos && tool != "." && tool != "..";
}

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

}  // namespace

std::optional<std::string> FindTool(std::string_view tool, const std::string& self_dir, const std::string& path) {
  if (!IsToolName(tool)) return std::nullopt;
  for (const std::string& dir : SearchDirs(self_dir, path)) {
    fs::path candidate = fs::path(dir) / ("evt-" + std::string(tool));
    if (IsExecutableFile(candidate)) return candidate.string();
  }
  return std::nullopt;
}

std::vector<std::string> ListTools(const std::string& self_dir, const std::string& path) {
  std::set<std::string> names;
  for (const std::string& dir : SearchDirs(self_dir, path)) {
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
      std::string name = it->path().filename().string();
      if (name.size() > 4 && name.rfind("evt-", 0) == 0 && IsExecutableFile(it->path())) names.insert(name.substr(4));
    }
  }
  return {names.begin(), names.end()};
}

int DispatchTool(int argc, char** argv) {
  const std::string word = argv[1];
  const std::string self_dir = SelfDir();
  const std::string path = EnvOr("PATH", "");
  std::optional<std::string> tool = FindTool(word, self_dir, path);
  if (!tool) {
    std::vector<std::string> candidates = OwnCommands();
    for (std::string& name : ListTools(self_dir, path)) candidates.push_back(std::move(name));
    const std::string shown = TruncateToWidth(SanitizeForTerminal(word), 40);
    std::string message = "'" + shown + "' is not an evt command (no evt-" + shown +
                          " next to evt or on PATH); see evt --help";
    if (std::optional<std::string> near = ClosestMatch(word, candidates)) message += "; did you mean '" + *near + "'?";
    PrintError(message);
    return kNotACommand;
  }
  std::vector<char*> args;
  std::string program = "evt-" + word;
  args.push_back(program.data());
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  ::execv(tool->c_str(), args.data());
  PrintError(*tool + ": cannot run: " + std::strerror(errno));
  return 126;
}

}  // namespace evt::front
