// `evt-NAME --evt-generate json`: the tool's whole parser as one JSON
// document, for checks that must not read --help text (the vocabulary test,
// tests/cli/vocabulary.sh, holds every tool to doc/design.md §7.2):
//   {"tool":"evt-budget","commands":[
//     {"path":["check"],"aliases":[],"hidden":false,"read_only":false,
//      "inherits_parent_options":true,
//      "options":[{"names":["--watch"],"takes_value":false,"type":"","choices":[],
//                  "group":"Options","hidden":false,"deprecated":false,"replacement":""},…],
//      "positionals":[{"name":"input","type":"FILE|-","choices":[],"required":false}]},…]}
// Every subcommand at any depth, the root first (path []), parents before
// children; hidden options and subcommands too, marked so. Option groups
// (nameless subcommands) fold into the command that holds them, and the
// internal marks whose names start with --evt- are left out.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace evt {

std::string RenderCliDescription(const CLI::App& app);

}  // namespace evt
