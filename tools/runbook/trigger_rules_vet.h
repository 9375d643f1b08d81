// The vetter `config check` and `serve` give VetTriggerRules
// (trigger_rules.h): the runbook is found as `run NAME` finds it, its
// header says whether it mutates, and every evt.tool call in its source
// names a tool and subcommand the command-access table (call_access.h,
// doc/design.md §9.2) knows. The scan is of the source text: a call whose
// tool is not a string literal cannot be vouched for, and fails.
#pragma once

#include <string>
#include <vector>

#include "tools/runbook/call_access.h"
#include "tools/runbook/trigger_rules.h"

namespace evt::runbook {

// "LINE: evt.tool(...): why" for each call the table cannot vouch for.
std::vector<std::string> UnvouchedToolCalls(const std::string& source, const CommandTable& table);

// `dirs`: runbook.dirs (SearchDirs adds the installed folder).
RunbookVetter DefaultRunbookVetter(std::vector<std::string> dirs, CommandTable table);
// DefaultRunbookVetter with the table the build or `make install` put
// beside this binary; when it cannot be read, every runbook fails, saying so.
RunbookVetter DefaultTriggerVetter(std::vector<std::string> dirs);

}  // namespace evt::runbook
