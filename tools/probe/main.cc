// evt-probe: health checks with per-phase timings, cache status, loss
// and jitter windows, and synthetic buy flows. The work is in the core
// (tools/probe/); this only builds the command line.
#include "common/cli.h"
#include "common/cli_help_formatter.h"
#include "tools/probe/cli.h"
#include "tools/probe/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"health checks: HTTP(S) with per-phase timings, TCP, DNS; loss, jitter, cache status; buy flows",
               "evt-probe"};
  evt::probe::Options options;
  evt::probe::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::probe::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::probe::Run(options); });
}
