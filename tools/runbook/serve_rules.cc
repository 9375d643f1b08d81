#include "tools/runbook/serve_rules.h"

#include "tools/runbook/trigger_rules_vet.h"

namespace evt::runbook {

Result<TriggerRules> VettedRules(const Settings& settings) {
  TriggerRules rules = settings.triggers;
  EVT_RETURN_IF_ERROR(VetTriggerRules(rules, DefaultTriggerVetter(settings.dirs)));
  return rules;
}

}  // namespace evt::runbook
