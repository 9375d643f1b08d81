// The process's one SystemClock: the default where a struct holds a
// `const Clock*` that tests point at a ManualClock (evt-runbook's
// RunEnvironment, evt-scrape's FetchEnv), and the clock of commands that
// only stamp a record with the time.
#pragma once

#include "common/clock.h"

namespace evt {

const Clock& MachineClock();

}  // namespace evt
