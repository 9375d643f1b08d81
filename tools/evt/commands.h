// The commands of evt, one file each.
#pragma once

#include "common/status.h"
#include "tools/evt/cli.h"

namespace evt::front {

Status RunStatus(const Options& options);
Status RunDoctor(const Options& options);
Status RunHold(const Options& options);
Status RunRelease(const Options& options);
Status RunServe(const Options& options);

}  // namespace evt::front
