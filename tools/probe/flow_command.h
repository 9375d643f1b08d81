// `evt-probe flow FILE.json...` and the flow targets of `evt-probe run`:
// reading the flows, repeating them, and writing records or lines.
#pragma once

#include <vector>

#include "common/status.h"
#include "engine/probe/config_targets.h"
#include "tools/probe/options.h"

namespace evt::probe {

// Runs the flow files named on the command line.
Status RunFlowFiles(const Options& options);

// Runs the config's flow targets (every one has check "flow").
Status RunFlowTargets(const Options& options, const std::vector<ConfigTarget>& targets);

}  // namespace evt::probe
