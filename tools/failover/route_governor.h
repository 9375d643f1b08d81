// The budget governor's shed level, read by running `evt-budget governor
// --json` as a child (as evt-outbox's gates do: tools/outbox/gate.h), never
// by linking budget's core: reduced service mode follows it when
// failover.modes.reduced.governor_level is set (doc/design.md §16).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace evt::failover {

// The level of the budget.governor record in `jsonl`.
Result<int> GovernorLevelFromOutput(std::string_view jsonl);

// Reads the level; the seam tests replace.
using GovernorReader = std::function<Result<int>()>;

// evt-budget beside this binary, else on PATH, with `config_args` (the
// --config/--state-dir we run with), 10 s at most.
GovernorReader ChildGovernorReader(std::vector<std::string> config_args);

}  // namespace evt::failover
