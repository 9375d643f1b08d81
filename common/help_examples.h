// Examples for a tool's commands, kept in one table per tool
// (tools/NAME/help_examples.cc) and shown at the end of each command's
// --help and in the man page's EXAMPLES (doc/design.md §7.3, §10.2), so the
// two cannot drift. `evt-NAME --evt-generate examples` runs every example
// through the tool's parser, so an example whose flag was renamed fails.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace CLI {
class App;
}

namespace evt {

struct HelpExample {
  // A whole command line as a person types it, pipes and redirections
  // included: "evt-token scan --gate north < tickets.txt".
  std::string command;
  // One sentence of what it does, lowercase, no full stop.
  std::string what;
};

struct CommandExamples {
  // The subcommands below the tool: "keys rotate"; "" for the tool itself.
  std::string path;
  std::vector<HelpExample> examples;
};

using HelpExampleTable = std::vector<CommandExamples>;

// "keys rotate" for the app of `evt-token keys rotate`; "" for the root.
std::string CommandPathOf(const CLI::App& app);

// The examples of the command at `path`; empty when it has none.
const std::vector<HelpExample>& ExamplesAt(const HelpExampleTable& table, std::string_view path);

// Examples for the commands every tool shares (config check, state ...,
// hub ...), for those of them `app` has, named after `app` (the root).
HelpExampleTable SharedCommandExamples(const CLI::App& app);

// The argument lists `tool` is run with in a shell command line: the words
// after `tool` in each command of a pipeline (or list) that runs it, less
// redirections and their files. Quotes ('...', "...") group words and are
// removed; VAR=value before the program is skipped.
// "a | evt-x run -n 2 > out" gives {{"run", "-n", "2"}} for "evt-x".
std::vector<std::vector<std::string>> ToolInvocations(std::string_view command_line, std::string_view tool);

// Parses every run of `app`'s tool in every example of `table` with `app`,
// without running anything, and says which did not parse: CheckFailed
// naming each ("keys rotate: 'evt-token keys rotat': ...") or OK. An
// example none of whose runs is the command it is listed under fails too.
// REQUIRES: app is the tool's root, built; it is left parsed.
Status CheckExamplesParse(CLI::App& app, const HelpExampleTable& table);

}  // namespace evt
