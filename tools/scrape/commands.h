// One function per subcommand, each in <subcommand>_command.cc; what run
// and test share is in command_context.h.
#pragma once

#include "common/status.h"
#include "tools/scrape/cli.h"

namespace evt::scrape {

Status RunScrapes(const Options& options);
Status RunTest(const Options& options);
// The source's mapping over JSON Lines, offline.
Status RunMap(const Options& options);
// The Prometheus agent config (YAML) for scrape.agent, on stdout.
Status RunAgentConfig(const Options& options);

}  // namespace evt::scrape
