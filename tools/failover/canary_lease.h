// Who holds a route's canary (doc/design.md §19): a process named by its
// pid, its start time in the kernel's clock ticks since boot and its host,
// so a holder that died is seen as dead even when its pid was reused.
#pragma once

#include <cstdint>
#include <string>

namespace evt::failover {

struct LeaseHolder {
  std::int64_t pid = 0;
  std::int64_t start_ticks = 0;  // /proc/<pid>/stat field 22; 0 where unknown
  std::string host;
};

// This process.
LeaseHolder ThisHolder();
// False when the holder was on this host and its pid is gone or now names
// a process started at another time. A holder on another host counts as
// alive: this host cannot tell (the store is per box, so it does not happen
// in practice).
bool HolderAlive(const LeaseHolder& holder);

}  // namespace evt::failover
