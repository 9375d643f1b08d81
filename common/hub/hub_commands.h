// `evt-<tool> hub migrate|status|grant`: the hub's upkeep, one
// implementation attached to every tool that syncs with it (evt-token,
// evt-price, evt-budget), the way common/state_commands.h attaches
// `state`: RunMain runs the chosen one instead of the tool's work.
#pragma once

#include <CLI/CLI.hpp>

#include "common/cli_common_options.h"

namespace evt::hub {

// Adds `hub migrate`, `hub status` and `hub grant SITE ROLE`, each taking
// `--hub SERVICE|CONNINFO` in place of site.hub (the owner's service for
// migrate and grant). REQUIRES: `options` is the one AddCommonOptions
// filled and outlives parsing.
void AddHubCommands(CLI::App& app, CommonOptions& options);

}  // namespace evt::hub
