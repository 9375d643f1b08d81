#include "tools/runbook/step_rules.h"

namespace evt::runbook {

std::optional<std::chrono::steady_clock::time_point> StepOptions::AttemptDeadline(
    std::chrono::steady_clock::time_point now) const {
  if (!timeout) return std::nullopt;
  return now + *timeout;
}

std::string StepOptions::TimedOut() const { return "timed out after " + FormatDuration(timeout.value_or(Duration(0))); }

std::optional<std::int64_t> StepProgress::Current() const {
  if (open_.empty()) return std::nullopt;
  return open_.back().seq;
}

void StepProgress::NotePending(const std::string& shown) {
  ++changes_pending_;
  if (!open_.empty()) open_.back().pending.push_back(shown);
}

StepResult StepProgress::Run(std::int64_t seq, const std::string& name, const StepOptions& options,
                             const std::function<Attempt()>& attempt,
                             const std::function<void(std::int64_t, const std::string&)>& before_retry) {
  bool failed_before = failed_;
  // An always step's inner steps run after a failure too.
  open_.push_back({seq, options.always || InAlwaysStep()});
  StepResult result;
  for (std::int64_t n = 1; n <= options.retry + 1; ++n) {
    result.attempts = n;
    Attempt tried = attempt();
    if (tried.ok) {
      result.ok = true;
      break;
    }
    result.error = std::move(tried.error);
    if (tried.run_ending) break;
    if (n <= options.retry) before_retry(n, result.error);
  }
  return Close(name, options, failed_before, std::move(result));
}

StepResult StepProgress::Close(const std::string& name, const StepOptions& options, bool failed_before,
                               StepResult result) {
  result.pending = std::move(open_.back().pending);
  open_.pop_back();
  if (!open_.empty()) {
    for (const Value& call : result.pending.as_array()) open_.back().pending.push_back(call);
  }
  if (result.ok && !failed_before && failed_ && !options.always) {
    result.ok = false;
    result.error = "a step inside it failed";
  }
  if (result.ok) result.error.clear();
  if (!result.ok && !failed_) {
    failed_ = true;
    failure_ = "step \"" + name + "\" failed: " + result.error;
  }
  return result;
}

}  // namespace evt::runbook
