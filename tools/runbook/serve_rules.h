// The trigger rules as serve and approve use them (doc/design.md §9):
// every rule's runbook vetted against the command-access table when the
// command starts, so a rule naming an unknown runbook is 78 at start, not
// a failed run at 3 a.m.
#pragma once

#include "common/status.h"
#include "tools/runbook/settings.h"
#include "tools/runbook/trigger_rules.h"

namespace evt::runbook {

Result<TriggerRules> VettedRules(const Settings& settings);

}  // namespace evt::runbook
