// Whether a probe or flow command repeats until stopped (doc/design.md §7.2).
#pragma once

#include "tools/probe/options.h"

namespace evt::probe {

// True with --watch; also, for one release and with a deprecation warning,
// with --interval and no --count, which repeated before --watch existed.
bool RepeatsUntilStopped(const Options& o);

}  // namespace evt::probe
