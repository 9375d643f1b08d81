// `evt-NAME state backup` and `evt-NAME state prune`: the upkeep of a tool's
// state database, the same in every tool that keeps one. RunMain runs them
// instead of the tool's work, as it does `config check`.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "common/cli_common_options.h"
#include "common/pruned_rows.h"
#include "common/status.h"
#include "common/time_format.h"

namespace evt {

// Removes what the tool keeps from before `cutoff` that it no longer needs,
// in <state_dir>/<tool>.db, and says how much went.
using StatePruner = std::function<Result<std::vector<PrunedRows>>(const std::string& state_dir, TimePoint cutoff)>;

class StateCommand : public CLI::App {
 public:
  using CLI::App::App;
  virtual Status Run(std::ostream& out) const = 0;
};

// Adds `state backup [--to FILE]` (SQLite online backup of the tool's
// database, keys included, to FILE or <state_dir>/backups/<tool>-<UTC
// time>.db, owner-only) and, when `prune` is given, `state prune
// --older-than DURATION`. REQUIRES: `options` is the one AddCommonOptions
// filled and outlives parsing; `tool` is the database's name ("token").
void AddStateCommands(CLI::App& app, CommonOptions& options, std::string tool, StatePruner prune);

// The state command the parsed command line chose, else nullptr.
const StateCommand* ChosenStateCommand(const CLI::App& app);

}  // namespace evt
