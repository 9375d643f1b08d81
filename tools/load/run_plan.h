// What one evt-load run sends, decided from its flags and config before
// anything is sent: the unit of load (a URL, a flow's buyers, a replayed
// log), its schedule, the bound on requests in flight, and every target
// passed by the guard.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "common/clock.h"
#include "common/duration.h"
#include "common/status.h"
#include "engine/flow/flow.h"
#include "engine/probe/probe_engine.h"
#include "tools/load/arrivals.h"
#include "tools/load/cli.h"
#include "tools/load/load_clock.h"
#include "tools/load/load_config.h"
#include "tools/load/load_records.h"
#include "tools/load/open_loop.h"
#include "tools/load/target_guard.h"

namespace evt::load {

// What one run sends: its unit of load, the schedule and how records name it.
struct Plan {
  RunDescription description;
  std::unique_ptr<LoadUnit> unit;
  std::optional<Arrivals> arrivals;
  double peak_rate = 0;
  bool request_capped = false;  // the profile asked for more than --max-requests
  std::optional<probe::Flow> flow;  // kept for the flow unit
};

struct Engines {
  SystemClock clock;
  SystemLoadClock load_clock;
  std::unique_ptr<probe::ProbeEngine> engine;
};

// A duration flag, a usage error naming the flag when it does not parse.
Result<Duration> DurationFlag(const char* flag, const std::string& text);

// Reads the log, builds the schedule, makes the unit on `engines.engine`
// and passes every target through `guard`. Usage (2), DataErr (65), NoInput
// (66) or Config (78, a flow file's errors, a target off the machine).
Status PlanRun(const Options& o, const LoadSection& section, TargetGuard& guard, Engines& engines, Duration timeout,
               Plan& plan);

// --max-in-flight, else enough for the peak rate through a whole timeout.
std::int64_t InFlightBound(const Options& o, double peak_rate, Duration timeout);

}  // namespace evt::load
