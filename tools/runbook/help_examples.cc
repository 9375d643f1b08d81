#include "tools/runbook/help_examples.h"

namespace evt::runbook {

HelpExampleTable HelpExamples() {
  return {
      {"run",
       {{"evt-runbook run --dry-run failover-to-local", "show what the runbook would change, change nothing; exit 3 if anything"},
        {"evt-runbook run failover-to-local --var action=force --yes",
         "run it for real, answering its confirmations (as cron must)"},
        {"evt-runbook run ./fix-printer.lua --timeout 2m", "run a runbook file, ending it after two minutes"}}},
      {"list", {{"evt-runbook list", "the runbooks with their parameters and what they change"}}},
      {"show", {{"evt-runbook show failover-to-local", "a runbook's header and source"}}},
      {"check",
       {{"evt-runbook check ./fix-printer.lua", "compile a new runbook and refuse unknown evt.* calls"}}},
      {"history",
       {{"evt-runbook history", "the last 20 runs, newest first"},
        {"evt-runbook history --runbook failover-to-local --limit 5", "the last five runs of one runbook"},
        {"evt-runbook history --decisions --pending", "the automatic runs awaiting approval"}}},
      {"status", {{"evt-runbook status", "the last runs, recent failures, pending approvals, whether serve is alive"}}},
      {"serve",
       {{"evt-runbook serve", "run runbooks from Alertmanager's webhook under runbook.rules, until SIGTERM"},
        {"evt-detect run --watch | evt-runbook serve --records -", "also from evt's anomaly records on stdin"}}},
      {"approve", {{"evt-runbook approve 01J9Z3", "approve a waiting decision and run its runbook"}}},
      {"deny", {{"evt-runbook deny 01J9Z3", "deny it: its runbook does not run"}}},
  };
}

}  // namespace evt::runbook
