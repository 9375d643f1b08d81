// One file per kind of subcommand: `flow` in flow_command.cc (declared in
// flow_command.h), and http, tcp, dns, cdn and run in probe_command.cc,
// which are one probing path that Options::command parameterizes.
#pragma once

#include "common/status.h"
#include "tools/probe/options.h"

namespace evt::probe {

// Probes the command line's subjects (http, tcp, dns, cdn) or the config's
// targets (run; flow targets go to RunFlowTargets).
Status RunProbes(const Options& o);

}  // namespace evt::probe
