// evt-probe's command line: BuildCli for main and the docs generator, Run
// for the work.
#pragma once

#include <CLI/CLI.hpp>

#include "common/status.h"
#include "tools/probe/options.h"

namespace evt::probe {

void BuildCli(CLI::App& app, Options& options);
Status Run(const Options& options);

}  // namespace evt::probe
