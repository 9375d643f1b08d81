#include "tools/runbook/trigger_rules_vet.h"

#include <regex>

#include "tools/runbook/program_path.h"
#include "tools/runbook/runbook_file.h"
#include "tools/runbook/runner.h"

namespace evt::runbook {
namespace {

// Lua comments to the end of the line, so a call in a comment is not read;
// strings stay, since the calls' names are strings.
std::string WithoutLineComments(const std::string& source) {
  static const std::regex kComment("--[^\n]*");
  return std::regex_replace(source, kComment, "");
}

std::size_t LineAt(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

}  // namespace

std::vector<std::string> UnvouchedToolCalls(const std::string& source, const CommandTable& table) {
  // evt.tool( "name" [, { "word" ...
  static const std::regex kCall(R"re(\bevt\.tool\s*\(\s*("([^"]*)"|'([^']*)')?(\s*,\s*\{\s*("([^"]*)"|'([^']*)'))?)re");
  std::string text = WithoutLineComments(source);
  std::vector<std::string> problems;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kCall); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    std::string at = std::to_string(LineAt(text, static_cast<std::size_t>(m.position(0)))) + ": ";
    if (!m[1].matched) {
      problems.push_back(at + "evt.tool with a tool name that is not written out: the command-access table cannot "
                              "vouch for it");
      continue;
    }
    std::string tool = EvtBinaryName(m[2].matched ? m[2].str() : m[3].str());
    if (table.Find(tool, {}) == nullptr) {
      problems.push_back(at + "evt.tool(\"" + tool + "\"): not in the command-access table");
      continue;
    }
    if (!m[5].matched) continue;
    std::string word = m[6].matched ? m[6].str() : m[7].str();
    if (word.starts_with("-")) continue;
    if (table.Find(tool, {word}) == nullptr) {
      problems.push_back(at + "evt.tool(\"" + tool + "\", {\"" + word + "\"}): not in the command-access table");
    }
  }
  return problems;
}

RunbookVetter DefaultRunbookVetter(std::vector<std::string> dirs, CommandTable table) {
  return [dirs = SearchDirs(dirs), table = std::move(table)](const std::string& name) {
    RunbookVetting out;
    Result<RunbookFile> file = FindRunbook(name, dirs);
    if (!file.ok()) {
      out.problem = file.status().message();
      return out;
    }
    std::vector<std::string> calls = UnvouchedToolCalls(file->source, table);
    if (!calls.empty()) {
      out.problem = file->path + ":" + calls.front() +
                    (calls.size() > 1 ? " (and " + std::to_string(calls.size() - 1) + " more)" : "");
      return out;
    }
    Result<RunbookHeader> header = LoadHeader(*file, LibDirs(dirs, file->path));
    if (!header.ok()) {
      out.problem = header.status().message();
      return out;
    }
    out.mutates = !header->mutates.empty();
    return out;
  };
}

RunbookVetter DefaultTriggerVetter(std::vector<std::string> dirs) {
  Result<CommandTable> table = CommandTable::Load(DefaultCommandTablePath(SelfDir()));
  if (!table.ok()) {
    return [why = table.status().message()](const std::string&) {
      return RunbookVetting{"cannot check its calls: " + why, true};
    };
  }
  return DefaultRunbookVetter(std::move(dirs), std::move(*table));
}

}  // namespace evt::runbook
