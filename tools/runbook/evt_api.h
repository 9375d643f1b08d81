// The `evt` table a runbook's Lua code sees: tool, exec, step, confirm,
// sleep, now, notify, emit, config, var, secret, log.*, json.*, dry_run.
#pragma once

#include <string>
#include <vector>

#include "tools/runbook/run_context.h"
#include "tools/runbook/sandbox.h"

namespace evt::runbook {

// Builds the read-only `evt` table for `context` and adds it to the
// sandbox's globals.
void InstallEvtApi(Sandbox& sandbox, RunContext& context);

// Every name the `evt` table has ("tool", "log.info", ...), for `check`.
const std::vector<std::string>& EvtApiNames();

}  // namespace evt::runbook
