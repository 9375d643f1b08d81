// `evt-budget rules`: the site's budgets as a Prometheus rule file on
// stdout; with --polkit, the polkit rule for the units the governor sheds.
// It reads the config only: no ledger, no state directory, so it runs
// wherever the config is (a CI job, the Prometheus host, a package build).
#include <iostream>

#include "common/config.h"
#include "tools/budget/commands.h"
#include "tools/budget/polkit_rule.h"
#include "tools/budget/prometheus_rules.h"

namespace evt::budget {

Status RunRules(const Options& options) {
  // A rule file is the artifact itself; no record kind carries one, and
  // --json silently giving YAML would break a pipe that expects records.
  if (options.common.json)
    return Status::Usage(options.polkit ? "rules --polkit: --json: the rule is JavaScript for polkitd, not records"
                                        : "rules: --json: the rules are YAML for Prometheus, not records");
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(options.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  if (options.polkit) {
    EVT_ASSIGN_OR_RETURN(std::vector<UnitGrant> grants, ReadShedUnitGrants(config));
    std::cout << PolkitShedRule(config.site().name, grants);
  } else {
    EVT_ASSIGN_OR_RETURN(BudgetConfig budget, ReadBudgetConfig(config));
    std::cout << PrometheusRulesYaml(budget);
  }
  std::cout.flush();
  if (!std::cout) return Status::IoErr("stdout: write failed");
  return Status::Ok();
}

}  // namespace evt::budget
