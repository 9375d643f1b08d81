// The flags of the sync verbs (common/hub/sync_verb.h), apart so that a
// tool's cli.h can hold them without the hub's headers.
#pragma once

#include <string>

namespace evt::hub {

struct SyncFlags {
  bool watch = false;
  std::string interval;  // --interval; empty: HubWatchOptions' default
};

}  // namespace evt::hub
