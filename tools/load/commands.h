// One function per subcommand, each in <subcommand>_command.cc.
#pragma once

#include "common/status.h"
#include "tools/load/cli.h"

namespace evt::load {

Status RunLoad(const Options& options);

}  // namespace evt::load
