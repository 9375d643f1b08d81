#include "common/cli_help_formatter.h"
#include "tools/budget/cli.h"
#include "tools/budget/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"budget ledger and governor: money, energy and error budgets, burn rates, what to shed",
               "evt-budget"};
  evt::budget::Options options;
  evt::budget::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::budget::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::budget::Run(options); });
}
