// One function per subcommand, each in <subcommand>_command.cc.
#pragma once

#include "common/status.h"
#include "tools/detect/cli.h"

namespace evt::detect {

Status RunDetect(const Options& options);
Status RunFit(const Options& options);
Status RunNab(const Options& options);

}  // namespace evt::detect
