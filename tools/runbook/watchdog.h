// The run's limits from outside the Lua VM. The sandbox checks its
// deadline and the stop signals from its hook and from the bounded C
// functions, but a C function that does not check (table.sort with a C
// comparator over a huge table, a Lua library function we did not replace)
// holds the VM for as long as it likes. The watchdog is a thread that does
// not care: once the run's deadline passes or SIGINT/SIGTERM arrives, the
// runbook has `grace` to end by itself; past that the watchdog calls
// `hard_stop`, which in evt-runbook writes the audit row, kills the
// running child's group and _exits (hard_stop.h).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "tools/runbook/sandbox.h"

namespace evt::runbook {

// Why the watchdog ended the run, and the exit code that says so.
struct HardStop {
  std::string outcome;  // "timeout" or "interrupted"
  std::string message;
  int exit_code = 0;
};

class Watchdog {
 public:
  // Starts watching. `hard_stop` runs on the watchdog's thread, at most
  // once, and only while the watchdog is armed.
  Watchdog(SteadyTime deadline, std::chrono::milliseconds grace, std::function<void(const HardStop&)> hard_stop);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // The run ended by itself: once this returns, hard_stop will not run (if
  // it is running, this waits, and in evt-runbook never returns).
  void Disarm();

 private:
  void Watch();
  // Waits until `until` or a disarm; true when disarmed.
  bool WaitForDisarm(SteadyTime until, bool wake_on_stop);

  SteadyTime deadline_;
  std::chrono::milliseconds grace_;
  std::function<void(const HardStop&)> hard_stop_;
  std::mutex mutex_;
  bool disarmed_ = false;
  int wake_read_ = -1;
  int wake_write_ = -1;
  std::thread thread_;
};

}  // namespace evt::runbook
