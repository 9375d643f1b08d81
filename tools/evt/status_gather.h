// The pieces of GatherSite (site_snapshot.h) that tests call one by one:
// what evt runs for a tool, and how it reads the answer.
#pragma once

#include <string>
#include <vector>

#include "common/child_process.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/evt/site_snapshot.h"

namespace evt::front {

// argv of `evt-TOOL status --json`, with --config and --state-dir passed on
// when the options have them.
std::vector<std::string> StatusArgv(const std::string& tool, const GatherOptions& options);

// The records of a `status --json` answer, one JSON object with a string
// "kind" a line (blank lines allowed). DataErr "evt-TOOL status: line N:
// what" for anything else.
Result<std::vector<Value>> ParseStatusRecords(const std::string& tool, const std::string& out);

// Whether a tool answered that it has no `status` (a usage error, 64 or 2):
// such a tool is left out of the snapshot, not shown as failing.
bool HasNoStatusCommand(const ChildResult& result);

// The ToolStatus of `tool` from how its run ended.
ToolStatus ToolStatusFrom(const std::string& tool, const ChildResult& result, Duration timeout);

}  // namespace evt::front
