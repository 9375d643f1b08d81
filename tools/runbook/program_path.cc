#include "tools/runbook/program_path.h"

#include <unistd.h>

#include <filesystem>
#include <regex>

namespace evt::runbook {
namespace {

bool IsExecutableFile(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::string SearchPath(std::string_view program, const EnvLookup& env) {
  const char* path = env("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + std::string(program);
    if (IsExecutableFile(candidate)) return candidate;
    start = end + 1;
  }
  return "";
}

}  // namespace

std::string SelfDir() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "" : self.parent_path().string();
}

std::string EvtBinaryName(std::string_view name) {
  return name.starts_with("evt-") ? std::string(name) : "evt-" + std::string(name);
}

Result<std::string> FindEvtTool(std::string_view name, const std::string& self_dir, const EnvLookup& env) {
  static const std::regex kToolName("(evt-)?[a-z][a-z0-9_-]*");
  std::string text(name);
  if (!std::regex_match(text, kToolName)) {
    return Status::Usage("evt.tool: \"" + text + "\" is not an evt tool name (expected e.g. \"price\" or \"evt-price\")");
  }
  std::string binary = EvtBinaryName(text);
  if (!self_dir.empty() && IsExecutableFile(self_dir + "/" + binary)) return self_dir + "/" + binary;
  std::string found = SearchPath(binary, env);
  if (found.empty()) {
    return Status::Unavailable("evt.tool: " + binary + " not found beside evt-runbook (" + self_dir + ") or on PATH");
  }
  return found;
}

Result<std::string> FindProgram(std::string_view program, const EnvLookup& env) {
  if (program.find('/') != std::string_view::npos) {
    if (IsExecutableFile(std::string(program))) return std::string(program);
    return Status::Unavailable("evt.exec: " + std::string(program) + ": no such executable file");
  }
  std::string found = SearchPath(program, env);
  if (found.empty()) return Status::Unavailable("evt.exec: " + std::string(program) + " not found on PATH");
  return found;
}

}  // namespace evt::runbook
