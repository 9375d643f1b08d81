// One function per subcommand, each in <subcommand>_command.cc, run on the
// context every command opens (command_context.h).
#pragma once

#include <string>
#include <vector>

#include "common/json_writer.h"
#include "common/status.h"
#include "tools/budget/command_context.h"

namespace evt::budget {

// Ingests `inputs`, writing a record per problem to `out`; check ingests
// its inputs the same way before it decides.
Status RunIngest(Context& c, const Options& options, const std::vector<std::string>& inputs, RecordWriter& out);
Status RunStatus(Context& c, const Options& options, const Settings& settings);
Status RunCheck(Context& c, const Options& options, const Settings& settings);
Status RunReport(Context& c, const Options& options);
Status RunSwap(Context& c, const Options& options);
Status RunGovernor(Context& c, const Options& options);
Status RunUsageSync(Context& c, const Options& options);
// Needs no context: it reads the config alone.
Status RunRules(const Options& options);

}  // namespace evt::budget
