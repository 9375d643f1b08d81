#include "tools/budget/cli.h"

int main(int argc, char** argv) {
  CLI::App app{"budget ledger and governor: money, energy and error budgets, burn rates, what to shed",
               "evt-budget"};
  evt::budget::Options options;
  evt::budget::BuildCli(app, options);
  return evt::RunMain(app, argc, argv, [&] { return evt::budget::Run(options); });
}
