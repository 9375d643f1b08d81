// Reading the hooks of a path (on_up, on_down, on_activate, on_deactivate):
// arrays of actions, each a command or a template written then a command.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "tools/failover/spec.h"

namespace evt::failover {

// The hook `key` of `path` (absent: none).
Result<std::vector<ActionSpec>> ReadHook(const ConfigObject& path, std::string_view key);

// Where `program` runs from: as given when it holds a "/" (relative ones
// against `folder`), else the first executable of that name on $PATH.
std::optional<std::string> FindProgram(const std::string& program, const std::string& folder);

}  // namespace evt::failover
