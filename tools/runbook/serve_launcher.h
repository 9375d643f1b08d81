// How `evt-runbook serve` runs what the dispatcher decided: each run is a
// child `evt-runbook run --yes --json NAME --var K=V ...` (the same
// binary), so a runbook that crashes or hangs never takes serve down, and
// it is audited exactly as a run a person starts. Each child is waited
// for on a thread of its own; the serve loop collects the ended runs with
// TakeEnded and tells the dispatcher (concurrency one per runbook).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/cli_common_options.h"

namespace evt::runbook {

struct LaunchRequest {
  std::string decision_id;  // what the run is linked to in the audit trail
  std::string runbook;
  std::map<std::string, std::string> vars;
};

struct EndedRun {
  std::string decision_id;
  std::string runbook;
  std::string run_id;  // the child's runbook record's run_id; "" if it never started one
  int exit_code = 0;
  std::string error;  // why it could not start, or the child's last stderr line
};

// The argv of the child for `request` (argv[0] is `self`).
std::vector<std::string> RunArgv(const std::string& self, const CommonOptions& common, const LaunchRequest& request);

// The run_id of the first {"kind": "runbook", ...} line of `out`, or "".
std::string RunIdFromOutput(const std::string& out);

class RunLauncher {
 public:
  RunLauncher(std::string self, CommonOptions common) : self_(std::move(self)), common_(std::move(common)) {}
  // Waits for every child: on SIGTERM they were ended with serve's stop.
  ~RunLauncher();
  RunLauncher(const RunLauncher&) = delete;
  RunLauncher& operator=(const RunLauncher&) = delete;

  void Launch(LaunchRequest request);
  // Blocks until every child launched so far has ended.
  void WaitAll();
  std::vector<EndedRun> TakeEnded();
  std::size_t running() const;

 private:
  void Wait(LaunchRequest request);

  std::string self_;
  CommonOptions common_;
  mutable std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<EndedRun> ended_;
  std::size_t running_ = 0;
};

}  // namespace evt::runbook
