// What a person can type to a tool, read once from its CLI11 app: the tree
// of subcommands with their options, positionals, choices and descriptions.
// The man page and the bash, zsh and fish completions are all rendered from
// this one walk, so they cannot disagree with each other or with the parser.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class Option;
}

namespace evt {

// What a value is, so completions can offer files or directories.
enum class ValueKind {
  kNone,  // a flag: takes no value
  kText,  // anything else
  kFile,  // the type or a validator names FILE or PATH
  kDir,   // the type or a validator names DIR
};

struct CliOption {
  std::vector<std::string> short_names;  // without the dash: "c"
  std::vector<std::string> long_names;   // without the dashes: "config"
  std::string value_name;                // "FILE", "TEXT", "INT"; "" for a flag
  ValueKind kind = ValueKind::kNone;
  std::vector<std::string> choices;      // from IsMember/Transformer/CheckedTransformer
  std::string description;
  std::string default_value;             // what CLI11 shows as the default, if anything
  std::string env;                       // the environment variable it reads, if any
  bool required = false;
  bool repeatable = false;               // takes several values or may be given several times
};

struct CliPositional {
  std::string name;
  std::string value_name;
  ValueKind kind = ValueKind::kText;
  std::vector<std::string> choices;
  std::string description;
  bool required = false;
  bool many = false;  // takes every remaining argument
};

struct CliCommand {
  std::string name;  // the tool's name at the root, else the subcommand's
  std::vector<std::string> aliases;
  std::string description;
  std::vector<CliOption> options;  // in definition order, option groups folded in
  std::vector<CliPositional> positionals;
  std::vector<CliCommand> subcommands;
  bool subcommand_required = false;
  // Options of the parent are accepted after this subcommand (CLI11 fallthrough).
  bool inherits_parent_options = false;
  // The tool declared it changes nothing (common/command_access.h).
  bool read_only = false;
};

// The visible part of `app`: options and subcommands CLI11 hides (those in
// the empty group) are left out, and so are nameless option groups, whose
// options join their parent's. Choices are read back from the validators'
// descriptions ("{a,b,c}"), so a choice containing ',' or '}' is not
// supported.
CliCommand WalkCli(const CLI::App& app);

// One option or positional as WalkCli sees it, hidden or not (the JSON
// description of --evt-generate json lists hidden ones too).
CliOption WalkOption(const CLI::Option& option);
CliPositional WalkPositional(const CLI::Option& option);

// A command together with the commands above it: {root, ..., command}.
using CliChain = std::vector<const CliCommand*>;

// Calls `visit` for `root` and every subcommand below it, parents before
// children, in definition order.
void ForEachCommand(const CliCommand& root, const std::function<void(const CliChain&)>& visit);

// The subcommand names below the root: {"keys", "rotate"}; {} for the root.
std::vector<std::string> CommandPath(const CliChain& chain);

// The options a person may type at the last command of the chain: its own,
// then those it inherits from its parents by fallthrough, except where an
// option of the same names came first (each subcommand's own --help).
std::vector<const CliOption*> OptionsAt(const CliChain& chain);

// `name` with every character but ASCII letters and digits as '_', for the
// names of shell functions: "evt-token" -> "evt_token".
std::string ShellIdentifier(std::string_view name);

// The command's name followed by its aliases: what a person may type.
std::vector<std::string> NamesOf(const CliCommand& command);

}  // namespace evt
