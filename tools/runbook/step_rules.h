// The rules of evt.step, apart from Lua: whether a step runs after a
// failure (always), how often it is tried (retry, delay), how long an
// attempt may take (timeout), when a step fails because one inside it did,
// which failure is the run's, and which step a dry run's skipped calls are
// reported under (nested steps hand theirs to the step around them).
// evt_api_steps.cc wires these to the Lua state and the audit log.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/value.h"

namespace evt::runbook {

struct StepOptions {
  std::int64_t retry = 0;  // attempts after the first that failed
  Duration delay{0};       // before each retry
  std::optional<Duration> timeout;  // per attempt
  bool always = false;     // runs after a failure too (cleanup)

  // When an attempt that starts at `now` must end.
  std::optional<std::chrono::steady_clock::time_point> AttemptDeadline(
      std::chrono::steady_clock::time_point now) const;
  // The error of an attempt its timeout ended.
  std::string TimedOut() const;
};

// How one attempt of a step's function ended.
struct Attempt {
  bool ok = false;
  std::string error;        // why it failed
  bool run_ending = false;  // a run limit or a stop: no retry, no cleanup here
};

struct StepResult {
  bool ok = false;
  std::string error;  // why it failed, when it did
  std::int64_t attempts = 0;
  Value pending = Value::array();  // mutating calls a dry run skipped inside it
};

// The run's progress through its steps.
class StepProgress {
 public:
  // A step that does not run: an earlier one failed and it is not always.
  bool Skips(const StepOptions& options) const { return failed_ && !options.always; }
  // Inside an always step (or one nested in it): programs may still run.
  bool InAlwaysStep() const { return !open_.empty() && open_.back().always; }
  // The innermost open step's seq; none outside every step.
  std::optional<std::int64_t> Current() const;
  std::int64_t Depth() const { return static_cast<std::int64_t>(open_.size()); }
  std::int64_t NextSeq() { return next_seq_++; }

  // A mutating call a dry run did not make: counted for the run, listed
  // under the innermost open step.
  void NotePending(const std::string& shown);
  std::int64_t changes_pending() const { return changes_pending_; }

  // Whether a step failed, and the first such failure ("step \"x\" failed: why").
  bool failed() const { return failed_; }
  const std::string& failure() const { return failure_; }

  // Runs step `seq` named `name`: tries `attempt` until it succeeds, the
  // retries are used up, or an attempt ends the run; `before_retry` is
  // called (with the attempt that failed and its error) before each retry
  // and is where the delay is waited. Then closes the step: it fails when
  // a step inside it failed (unless it is always), and its first failure
  // fails the run. Exceptions from the callbacks pass through and leave the
  // step open: they end the run.
  StepResult Run(std::int64_t seq, const std::string& name, const StepOptions& options,
                 const std::function<Attempt()>& attempt,
                 const std::function<void(std::int64_t attempt, const std::string& error)>& before_retry);

 private:
  struct OpenStep {
    std::int64_t seq;
    bool always;
    Value pending = Value::array();
  };
  StepResult Close(const std::string& name, const StepOptions& options, bool failed_before, StepResult result);

  std::vector<OpenStep> open_;
  std::int64_t next_seq_ = 1;
  bool failed_ = false;
  std::string failure_;
  std::int64_t changes_pending_ = 0;
};

}  // namespace evt::runbook
