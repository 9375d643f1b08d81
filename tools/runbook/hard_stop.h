// What evt-runbook does when the watchdog gives up on a run that does not
// stop (watchdog.h): kill the group of the program it is running, write
// the run's outcome to the audit trail, say why on stderr and _exit with
// the outcome's code. Nothing of the stuck thread's is touched: the audit
// row goes through a connection of its own, opened before the run starts,
// so a run that ends this way still leaves "timeout" or "interrupted" on
// record, never "unfinished".
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/machine_clock.h"
#include "common/time_format.h"
#include "tools/runbook/audit_log.h"
#include "tools/runbook/watchdog.h"

namespace evt::runbook {

struct HardStopTarget {
  std::shared_ptr<AuditLog> audit;  // a connection for the watchdog alone
  std::string run_id;
  std::string runbook;  // for the message
  SteadyTime started;  // by `clock`
  const Clock* clock = &MachineClock();
};

// The watchdog's hard_stop for `target`; it never returns.
std::function<void(const HardStop&)> MakeHardStop(HardStopTarget target);

}  // namespace evt::runbook
