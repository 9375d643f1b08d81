// One function per subcommand, each in <subcommand>_command.cc; what they
// share is in command_context.h. `config check` is common/'s.
#pragma once

#include "common/status.h"
#include "tools/runbook/cli.h"

namespace evt::runbook {

Status RunCommand(Options& options);
Status ListCommand(const Options& options);
Status ShowCommand(const Options& options);
Status CheckCommand(const Options& options);
Status HistoryCommand(const Options& options);
Status ServeCommand(const Options& options);
Status StatusCommand(const Options& options);
// approve (true) or deny (false) the waiting decision options.decision_id.
Status SettleCommand(const Options& options, bool approve);

}  // namespace evt::runbook
