#include "common/cli_help_formatter.h"
#include "tools/price/cli.h"
#include "tools/price/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"offline price engine: carts in, exact explained quotes out", "evt-price"};
  evt::price::Options options;
  evt::price::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::price::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::price::Run(options); });
}
