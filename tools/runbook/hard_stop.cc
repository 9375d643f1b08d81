#include "tools/runbook/hard_stop.h"

#include <signal.h>
#include <unistd.h>

#include "common/child_process.h"
#include "common/messages.h"

namespace evt::runbook {

std::function<void(const HardStop&)> MakeHardStop(HardStopTarget target) {
  return [target = std::move(target)](const HardStop& stop) {
    if (int group = RunningChildGroup(); group > 0) ::kill(-group, SIGKILL);
    auto elapsed = target.clock->Monotonic() - target.started;
    RunEnd end{stop.outcome, stop.message, target.clock->Now(),
               std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()};
    Status written = target.audit->AbandonRun(target.run_id, end);
    PrintError(target.runbook + ": " + stop.message);
    if (!written.ok()) PrintError("cannot record the run's end in the audit log: " + written.message());
    // Not exit(): the runbook's thread still holds the Lua state and may
    // hold locks that static destructors would wait for.
    ::_exit(stop.exit_code);
  };
}

}  // namespace evt::runbook
