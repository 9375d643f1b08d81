// evt-detect: streaming anomaly detectors over the record stream's numeric
// series, and small models fitted from history. The work is in the core
// (tools/detect/*.cc).
#include "common/cli_help_formatter.h"
#include "tools/detect/cli.h"
#include "tools/detect/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"anomaly detection over the record stream: streaming detectors, raise/clear rules, fitted models",
               "evt-detect"};
  evt::detect::Options options;
  evt::detect::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::detect::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::detect::Run(options); });
}
