// evt-outbox: durable write-back queues (orders taken offline, telemetry),
// delivered to the shop's API exactly once by idempotency key and
// replicated to peer kiosks. The work is in the core (tools/outbox/*.cc).
#include "common/cli_help_formatter.h"
#include "tools/outbox/cli.h"
#include "tools/outbox/help_examples.h"

int main(int argc, char** argv) {
  CLI::App app{"durable write-back queues: orders taken offline, delivered to the shop once, replicated to peers",
               "evt-outbox"};
  evt::outbox::Options options;
  evt::outbox::BuildCli(app, options);
  evt::SetHelpExamples(app, evt::outbox::HelpExamples());
  return evt::RunMain(app, argc, argv, [&] { return evt::outbox::Run(options); });
}
