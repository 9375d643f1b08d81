// evt-failover: which path carries traffic, switched in under 5 seconds,
// failed back without flapping. The work is in the core (tools/failover/).
#include "common/cli.h"
#include "common/cli_help_formatter.h"
#include "tools/failover/cli.h"
#include "tools/failover/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"decides which path carries traffic from probe results, and runs the switch", "evt-failover"};
  evt::failover::Options options;
  evt::failover::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::failover::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::failover::Run(options); });
}
