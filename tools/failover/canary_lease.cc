#include "tools/failover/canary_lease.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "common/heartbeat.h"

namespace evt::failover {
namespace {

// Field 22 of /proc/<pid>/stat; the second field (comm) may hold spaces,
// so counting starts after its closing parenthesis. 0 when unreadable.
std::int64_t StartTicks(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(text.substr(close + 1));
  std::string field;
  // After comm: field 3 (state) is the first; field 22 is the 20th.
  for (int i = 3; i <= 22; ++i)
    if (!(rest >> field)) return 0;
  try {
    return std::stoll(field);
  } catch (...) {
    return 0;
  }
}

}  // namespace

LeaseHolder ThisHolder() {
  const std::int64_t pid = ::getpid();
  return LeaseHolder{pid, StartTicks(pid), ThisHost()};
}

bool HolderAlive(const LeaseHolder& holder) {
  if (holder.host != ThisHost()) return true;
  if (holder.pid <= 0) return false;
  const std::int64_t ticks = StartTicks(holder.pid);
  if (ticks == 0) return false;
  return holder.start_ticks == 0 || ticks == holder.start_ticks;
}

}  // namespace evt::failover
