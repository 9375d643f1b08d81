#include "tools/failover/route_governor.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "common/child_process.h"
#include "common/json_parse.h"
#include "tools/failover/action_config.h"

namespace evt::failover {
namespace {

// Beside this binary first: an installed evt asks its own sibling, a test
// the build's, whatever PATH holds.
std::string FindBudget() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string beside = (self.parent_path() / "evt-budget").string();
  if (!ec && ::access(beside.c_str(), X_OK) == 0) return beside;
  return FindProgram("evt-budget", ".").value_or("");
}

}  // namespace

Result<int> GovernorLevelFromOutput(std::string_view jsonl) {
  while (!jsonl.empty()) {
    const std::size_t end = std::min(jsonl.find('\n'), jsonl.size());
    const std::string_view line = jsonl.substr(0, end);
    jsonl.remove_prefix(std::min(end + 1, jsonl.size()));
    if (line.empty()) continue;
    EVT_ASSIGN_OR_RETURN(Value r, ParseJson(line, "evt-budget governor"));
    const Value* kind = r.find("kind");
    const Value* level = r.find("level");
    if (kind && kind->is_string() && kind->as_string() == "budget.governor" && level && level->is_int())
      return static_cast<int>(level->as_int());
  }
  return Status::DataErr("evt-budget governor: no budget.governor record with a level in its output");
}

GovernorReader ChildGovernorReader(std::vector<std::string> config_args) {
  return [config_args]() -> Result<int> {
    const std::string path = FindBudget();
    if (path.empty()) return Status::Unavailable("evt-budget not found beside evt-failover or on PATH");
    ChildRequest request;
    request.path = path;
    request.argv = {"evt-budget"};
    request.argv.insert(request.argv.end(), config_args.begin(), config_args.end());
    request.argv.insert(request.argv.end(), {"governor", "--json"});
    request.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    EVT_ASSIGN_OR_RETURN(ChildResult result, RunChild(request));
    if (result.timed_out) return Status::Unavailable("evt-budget governor --json: timed out after 10s");
    if (result.exit_code != 0)
      return Status::Unavailable("evt-budget governor --json: exit " + std::to_string(result.exit_code) + ": " +
                                 result.err.substr(0, result.err.find('\n')));
    return GovernorLevelFromOutput(result.out);
  };
}

}  // namespace evt::failover
