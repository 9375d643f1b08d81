#include "tools/runbook/cli.h"

int main(int argc, char** argv) {
  CLI::App app{"runs micro-runbooks (Lua) in a sandbox: steps, dry run, confirmations, audit trail",
               "evt-runbook"};
  evt::runbook::Options options;
  evt::runbook::BuildCli(app, options);
  return evt::RunMain(app, argc, argv, [&] { return evt::runbook::Run(options); });
}
