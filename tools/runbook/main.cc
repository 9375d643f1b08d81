#include "common/cli_help_formatter.h"
#include "tools/runbook/cli.h"
#include "tools/runbook/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"runs micro-runbooks (Lua) in a sandbox: steps, dry run, confirmations, audit trail",
               "evt-runbook"};
  evt::runbook::Options options;
  evt::runbook::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::runbook::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::runbook::Run(options); });
}
