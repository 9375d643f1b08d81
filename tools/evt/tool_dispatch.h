// `evt TOOL ARGS...`: runs evt-TOOL with the arguments untouched and its
// exit code passed through, as git runs git-SUBCOMMAND. evt-TOOL is looked
// for next to the running evt first (a build tree, an unpacked release),
// then on $PATH.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evt::front {

// evt's own subcommands, which are never dispatched.
const std::vector<std::string>& OwnCommands();

// Whether the first argument names a tool to run rather than an option or
// one of evt's own subcommands.
bool IsDispatched(std::string_view first_argument);

// The folder of the running program (/proc/self/exe), "" when unknown.
std::string SelfDir();

// The executable evt-`tool` in `self_dir`, else in a folder of `path`
// (colon-separated, as $PATH).
std::optional<std::string> FindTool(std::string_view tool, const std::string& self_dir, const std::string& path);

// The names TOOL of every executable evt-TOOL in `self_dir` and `path`,
// sorted, each once (the one found first wins, as FindTool).
std::vector<std::string> ListTools(const std::string& self_dir, const std::string& path);

// Replaces this process with evt-argv[1] argv[2..]; returns only when that
// cannot be done: 64 with "'WORD' is not an evt command" and a suggestion
// (common/closest_match.h) when no such tool exists, 126 when it exists but cannot be run.
int DispatchTool(int argc, char** argv);

}  // namespace evt::front
