#include "tools/probe/repeat.h"

#include "common/messages.h"

namespace evt::probe {

bool RepeatsUntilStopped(const Options& o) {
  if (o.watch) return true;
  if (o.interval.empty() || o.count) return false;
  PrintWarning("--interval without --watch or --count is deprecated; use --watch --interval " + o.interval);
  return true;
}

}  // namespace evt::probe
