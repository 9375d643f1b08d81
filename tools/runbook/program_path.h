// Finding the programs a runbook may start.
#pragma once

#include <string>
#include <string_view>

#include "common/state_dir.h"  // EnvLookup
#include "common/status.h"

namespace evt::runbook {

// The folder holding the running evt-runbook binary ("" if unknown).
std::string SelfDir();

// The binary name of the evt tool `name`: "price" and "evt-price" are both
// evt-price.
std::string EvtBinaryName(std::string_view name);

// The evt tool `name` ("price" or "evt-price"): evt-NAME beside
// evt-runbook first (`self_dir`), then on $PATH. Only evt tools: a name
// that is not a plain tool name is Usage; one not found is Unavailable.
Result<std::string> FindEvtTool(std::string_view name, const std::string& self_dir, const EnvLookup& env);

// `program` as written (a path with '/') or looked up on $PATH.
Result<std::string> FindProgram(std::string_view program, const EnvLookup& env);

}  // namespace evt::runbook
