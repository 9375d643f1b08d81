// evt-token: short-lived signed tokens (JWS/JWT), a key ring with rotation,
// strict offline verification. Everything but the process lives in the core.
#include "common/cli.h"
#include "common/cli_help_formatter.h"
#include "tools/token/cli.h"
#include "tools/token/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"short-lived signed tokens (JWS/JWT), a key ring with rotation, strict offline verification",
               "evt-token"};
  evt::token::Options options;
  evt::token::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::token::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::token::Run(options); });
}
