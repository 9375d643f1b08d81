#include "tools/runbook/call_access.h"

#include <algorithm>
#include <cstdio>

#include "common/json_parse.h"
#include "common/value.h"

namespace evt::runbook {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

Result<std::vector<std::string>> Strings(const Value& record, std::string_view key, const std::string& where) {
  const Value* list = record.find(key);
  if (list == nullptr || !list->is_array()) return Status::DataErr(where + ": \"" + std::string(key) + "\": expected a list");
  std::vector<std::string> out;
  for (const Value& item : list->as_array()) {
    if (!item.is_string()) return Status::DataErr(where + ": \"" + std::string(key) + "\": expected strings");
    out.push_back(item.as_string());
  }
  return out;
}

Result<CommandEntry> ReadEntry(const Value& record, const std::string& where) {
  const Value* tool = record.find("tool");
  const Value* access = record.find("access");
  const Value* dry_run = record.find("dry_run");
  if (tool == nullptr || !tool->is_string() || access == nullptr || !access->is_string() || dry_run == nullptr ||
      !dry_run->is_bool()) {
    return Status::DataErr(where + ": expected \"tool\", \"access\" and \"dry_run\"");
  }
  if (access->as_string() != "read-only" && access->as_string() != "mutating") {
    return Status::DataErr(where + ": \"access\": expected read-only or mutating, got \"" + access->as_string() + "\"");
  }
  CommandEntry entry;
  entry.tool = tool->as_string();
  entry.read_only = access->as_string() == "read-only";
  entry.dry_run = dry_run->as_bool();
  for (auto [key, into] : {std::pair{"command", &entry.command}, std::pair{"subcommands", &entry.subcommands},
                           std::pair{"flags", &entry.flags}, std::pair{"value_options", &entry.value_options}}) {
    Result<std::vector<std::string>> words = Strings(record, key, where);
    if (!words.ok()) return words.status();
    *into = std::move(*words);
  }
  return entry;
}

enum class OptionKind { kUnknown, kFlag, kValue };

OptionKind KindOf(const CommandEntry& at, std::string_view spelling) {
  if (Contains(at.flags, spelling)) return OptionKind::kFlag;
  if (Contains(at.value_options, spelling)) return OptionKind::kValue;
  return OptionKind::kUnknown;
}

// The value at args[i] (advancing i), or "" past the end.
std::string NextValue(const std::vector<std::string>& args, std::size_t& i) {
  return i < args.size() ? args[i++] : std::string();
}

// Reads the option at args[i] into `into`, advancing i past it and its
// value. Returns false for an option `at` does not know.
bool ReadOption(const CommandEntry& at, const std::vector<std::string>& args, std::size_t& i,
                std::vector<ParsedOption>& into) {
  const std::string& arg = args[i++];
  if (arg.starts_with("--")) {
    std::size_t eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    OptionKind kind = KindOf(at, name);
    if (kind == OptionKind::kUnknown || (kind == OptionKind::kFlag && eq != std::string::npos)) return false;
    std::string value;
    if (kind == OptionKind::kValue) value = eq == std::string::npos ? NextValue(args, i) : arg.substr(eq + 1);
    into.push_back({name, value});
    return true;
  }
  // -abc: flags, until one takes a value (the rest of the word, or the next).
  for (std::size_t k = 1; k < arg.size(); ++k) {
    std::string name = std::string("-") + arg[k];
    OptionKind kind = KindOf(at, name);
    if (kind == OptionKind::kUnknown) return false;
    if (kind == OptionKind::kValue) {
      into.push_back({name, k + 1 == arg.size() ? NextValue(args, i) : arg.substr(k + 1)});
      return true;
    }
    into.push_back({name, ""});
  }
  return true;
}

}  // namespace

Result<CommandTable> CommandTable::Parse(std::string_view text, const std::string& where) {
  CommandTable table;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(start, end - start);
    std::string at = where + ":" + std::to_string(++line);
    start = end + 1;
    if (content.empty()) continue;
    Result<Value> record = ParseJson(content, at);
    if (!record.ok()) return record.status();
    if (!record->is_object()) return Status::DataErr(at + ": expected an object");
    Result<CommandEntry> entry = ReadEntry(*record, at);
    if (!entry.ok()) return entry.status();
    table.entries_.push_back(std::move(*entry));
  }
  return table;
}

Result<CommandTable> CommandTable::Load(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Status::NoInput(path + ": cannot open the command-access table");
  std::string text;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return Status::IoErr(path + ": cannot read the command-access table");
  return Parse(text, path);
}

const CommandEntry* CommandTable::Find(std::string_view tool, const std::vector<std::string>& command) const {
  for (const CommandEntry& entry : entries_) {
    if (entry.tool == tool && entry.command == command) return &entry;
  }
  return nullptr;
}

std::string DefaultCommandTablePath(const std::string& self_dir) {
  return (self_dir.empty() ? std::string(".") : self_dir) + "/../share/evt/command-access.jsonl";
}

CallPlan PlanCall(const CommandTable& table, std::string_view tool, const std::vector<std::string>& args) {
  CallPlan plan;
  std::vector<std::string> path;
  const CommandEntry* at = table.Find(tool, path);
  if (at == nullptr) return plan;
  std::size_t after_path = 0;
  std::vector<ParsedOption> options;  // those given since the last subcommand word
  std::vector<std::string> operands;
  for (std::size_t i = 0; i < args.size();) {
    const std::string& arg = args[i];
    if (arg == "--") {
      operands.insert(operands.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      if (!ReadOption(*at, args, i, options)) return plan;
      continue;
    }
    ++i;
    if (!operands.empty() || !Contains(at->subcommands, arg)) {
      operands.push_back(arg);
      continue;
    }
    // Options before this word were the parent's: a --dry-run there is not
    // the subcommand's.
    options.clear();
    // An alias finds no entry (the table names commands by their names):
    // unknown, so mutating.
    path.push_back(arg);
    const CommandEntry* next = table.Find(tool, path);
    if (next == nullptr) return plan;
    at = next;
    after_path = i;
  }
  for (const std::string& word : path) plan.command += (plan.command.empty() ? "" : " ") + word;
  if (!at->subcommands.empty()) return plan;
  bool own_dry_run = at->dry_run && std::any_of(options.begin(), options.end(), [](const ParsedOption& o) {
    return o.name == "--dry-run";
  });
  plan.options = std::move(options);
  plan.operands = std::move(operands);
  if (at->read_only) {
    plan.access = CallAccess::kReadOnly;
  } else if (own_dry_run) {
    plan.access = CallAccess::kOwnDryRun;
  } else if (at->dry_run) {
    plan.access = CallAccess::kAddDryRun;
    plan.insert_at = after_path;
  }
  return plan;
}

}  // namespace evt::runbook
