// evt-scrape: telemetry from vendor consoles and devices, mapped to metric
// records. The work is in the core (tools/scrape/*.cc).
#include "common/cli_help_formatter.h"
#include "tools/scrape/cli.h"
#include "tools/scrape/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"telemetry from vendor consoles and devices (JSON, JSON in HTML, Prometheus text, NUT) as metric records",
               "evt-scrape"};
  evt::scrape::Options options;
  evt::scrape::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::scrape::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::scrape::Run(options); });
}
