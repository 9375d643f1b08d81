#include "tools/evt/front_door_complete.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "common/cli_complete.h"
#include "tools/evt/cli.h"
#include "tools/evt/tool_dispatch.h"

namespace evt::front {
namespace {

std::string SearchPath() {
  const char* path = std::getenv("PATH");
  return path == nullptr ? "" : path;
}

// Runs evt-TOOL's own completion; returns only when it cannot.
int ForwardCompletion(const std::vector<std::string>& words) {
  std::optional<std::string> tool = FindTool(words.front(), SelfDir(), SearchPath());
  if (!tool) return 0;
  std::vector<std::string> args{"evt-" + words.front(), "__complete"};
  args.insert(args.end(), words.begin() + 1, words.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::execv(tool->c_str(), argv.data());
  return 0;  // a completion never fails loudly: nothing to offer
}

void AddTools(std::string_view prefix, std::vector<Candidate>& candidates) {
  const std::vector<std::string>& own = OwnCommands();
  for (std::string& tool : ListTools(SelfDir(), SearchPath())) {
    if (!tool.starts_with(prefix) || std::find(own.begin(), own.end(), tool) != own.end()) continue;
    candidates.push_back({tool, "runs evt-" + tool});
  }
}

}  // namespace

int CompleteFrontDoor(int argc, char** argv) {
  const std::vector<std::string> words = CompleteWords(argc, argv);
  if (words.size() >= 2 && IsDispatched(words.front())) return ForwardCompletion(words);
  CLI::App app{"", "evt"};
  Options options;
  BuildCli(app, options);
  LetSubcommandsFallThrough(app);
  std::vector<Candidate> candidates = CompleteLine(WalkCli(app), words, SiteNamesFromConfig);
  if (words.size() == 1 && !words.front().starts_with('-')) AddTools(words.front(), candidates);
  PrintCandidates(candidates, std::cout);
  return 0;
}

}  // namespace evt::front
