// What a dry run may do with one evt.tool call, decided from the build's
// command-access table (common/command_access.h) and failing closed: a call
// runs in a dry run only when the table says its subcommand only reads, or
// when the tool can dry-run it itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace evt::runbook {

// One line of the table: a command of a tool and what may be typed there.
struct CommandEntry {
  std::string tool;                   // "evt-token"
  std::vector<std::string> command;   // {"keys", "export"}; {} for the tool itself
  bool read_only = false;
  bool dry_run = false;               // has an option --dry-run of its own
  std::vector<std::string> subcommands;
  std::vector<std::string> flags;          // "-q", "--json"
  std::vector<std::string> value_options;  // "-X", "--out"
};

class CommandTable {
 public:
  // Reads the JSON Lines `text`; a bad line is DataErr "WHERE:LINE: what".
  static Result<CommandTable> Parse(std::string_view text, const std::string& where);
  // Parse of the file at `path`; a missing file is NoInput.
  static Result<CommandTable> Load(const std::string& path);

  // The entry of `tool` ("evt-token") at `command`, or nullptr.
  const CommandEntry* Find(std::string_view tool, const std::vector<std::string>& command) const;

 private:
  std::vector<CommandEntry> entries_;
};

// Where the build and `make install` put the table: share/evt beside the
// bin folder that holds evt-runbook.
std::string DefaultCommandTablePath(const std::string& self_dir);

enum class CallAccess {
  kReadOnly,   // the subcommand only reads: run it
  kOwnDryRun,  // the argv already holds the subcommand's own --dry-run: run it
  kAddDryRun,  // the subcommand changes state but can dry-run: run it with --dry-run at insert_at
  kMutating,   // anything else, unknown included: do not run it
};

struct ParsedOption {
  std::string name;   // as typed: "-X", "--method"
  std::string value;  // "" for a flag
};

struct CallPlan {
  CallAccess access = CallAccess::kMutating;
  std::size_t insert_at = 0;  // kAddDryRun: the index in args to insert "--dry-run" before
  std::string command;        // "keys export", as far as it was understood
  // What the args held, when they were understood to the end.
  std::vector<ParsedOption> options;
  std::vector<std::string> operands;
};

// How a dry run treats `tool args...` ("evt-token", {"keys", "export"}).
// The args are read as the tool's parser would: words name subcommands
// until the first operand, an option's value is never a word (so
// `revoke --reason --dry-run` is not a dry run), and `--dry-run` counts
// only as an option of the subcommand reached, when the table says it has
// one. An option the table does not know, a subcommand that is not a leaf,
// or a tool not in the table is kMutating.
CallPlan PlanCall(const CommandTable& table, std::string_view tool, const std::vector<std::string>& args);

}  // namespace evt::runbook
