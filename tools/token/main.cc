// evt-token: short-lived signed tokens (JWS/JWT), a key ring with rotation,
// strict offline verification. Everything but the process lives in the core.
#include "common/cli.h"
#include "tools/token/cli.h"

int main(int argc, char** argv) {
  CLI::App app{"short-lived signed tokens (JWS/JWT), a key ring with rotation, strict offline verification",
               "evt-token"};
  evt::token::Options options;
  evt::token::BuildCli(app, options);
  return evt::RunMain(app, argc, argv, [&] { return evt::token::Run(options); });
}
