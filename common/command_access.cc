#include "common/command_access.h"

#include <CLI/App.hpp>

#include "common/cli_walk.h"
#include "common/json_writer.h"
#include "common/value.h"

namespace evt {
namespace {

// The mark travels with the subcommand as a hidden flag (the empty group),
// so nothing outside the CLI11 app has to be kept in step with it; the
// walk, --help, man pages and completions leave hidden options out.
constexpr const char* kReadOnlyMark = "--evt-read-only";

bool HasOwnDryRun(const CliCommand& command) {
  for (const CliOption& option : command.options) {
    for (const std::string& name : option.long_names) {
      if (name == "dry-run") return true;
    }
  }
  return false;
}

void AddSpellings(const CliOption& option, Value& into) {
  for (const std::string& name : option.short_names) into.push_back("-" + name);
  for (const std::string& name : option.long_names) into.push_back("--" + name);
}

Value AccessRecord(const std::string& tool, const CliChain& chain) {
  const CliCommand& command = *chain.back();
  Value path = Value::array();
  for (const std::string& word : CommandPath(chain)) path.push_back(word);
  Value subcommands = Value::array();
  for (const CliCommand& sub : command.subcommands) {
    for (const std::string& name : NamesOf(sub)) subcommands.push_back(name);
  }
  Value flags = Value::array();
  Value value_options = Value::array();
  for (const CliOption* option : OptionsAt(chain)) {
    AddSpellings(*option, option->kind == ValueKind::kNone ? flags : value_options);
  }
  bool read_only = command.read_only && command.subcommands.empty();
  return Value::object({{"tool", tool},
                        {"command", std::move(path)},
                        {"access", read_only ? "read-only" : "mutating"},
                        {"dry_run", HasOwnDryRun(command)},
                        {"subcommands", std::move(subcommands)},
                        {"flags", std::move(flags)},
                        {"value_options", std::move(value_options)}});
}

}  // namespace

void MarkReadOnly(CLI::App& command) {
  if (!IsMarkedReadOnly(command)) command.add_flag(kReadOnlyMark)->group("");
}

bool IsMarkedReadOnly(const CLI::App& command) {
  // The command's own options only: get_option_no_throw would also find a
  // mark in one of its option groups.
  for (const CLI::Option* option : command.get_options()) {
    if (option->check_name(kReadOnlyMark)) return true;
  }
  return false;
}

std::string RenderAccessTable(const CLI::App& app) {
  CliCommand root = WalkCli(app);
  std::string out;
  ForEachCommand(root, [&](const CliChain& chain) {
    Result<std::string> line = ToJson(AccessRecord(root.name, chain));
    // Names and descriptions are the tool's own literals: always valid UTF-8.
    if (line.ok()) out += *line + "\n";
  });
  return out;
}

}  // namespace evt
