// evt-load: load tests and traffic replay with latency measured from the
// schedule. The work is in the core (tools/load/*.cc).
#include "common/cli_help_formatter.h"
#include "tools/load/cli.h"
#include "tools/load/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"load tests and traffic replay: open-loop pacing, latency from the schedule, per-second records",
               "evt-load"};
  evt::load::Options options;
  evt::load::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::load::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::load::Run(options); });
}
