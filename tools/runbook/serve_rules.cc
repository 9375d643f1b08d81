#include "tools/runbook/serve_rules.h"

#include "tools/runbook/call_access.h"
#include "tools/runbook/program_path.h"
#include "tools/runbook/trigger_rules_vet.h"

namespace evt::runbook {

Result<TriggerRules> VettedRules(const Settings& settings) {
  TriggerRules rules = settings.rules;
  // Without the table no evt.tool call can be vouched for, so only rules
  // whose runbooks make none pass: fail-closed, as a dry run is.
  Result<CommandTable> loaded = CommandTable::Load(DefaultCommandTablePath(SelfDir()));
  EVT_ASSIGN_OR_RETURN(CommandTable table, loaded.ok() ? std::move(loaded) : CommandTable::Parse("", "no table"));
  EVT_RETURN_IF_ERROR(VetTriggerRules(rules, DefaultRunbookVetter(settings.dirs, std::move(table))));
  return rules;
}

}  // namespace evt::runbook
