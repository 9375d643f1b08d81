#include "tools/runbook/serve_session.h"

#include "common/messages.h"

namespace evt::runbook {

Value DecisionRecord(const Decision& decision, TimePoint at) {
  Value vars = Value::object();
  for (const auto& [name, value] : decision.vars) vars.set(name, value);
  return Value::object({{"kind", "runbook.decision"},
                        {"v", 1},
                        {"ts", FormatRfc3339(at)},
                        {"decision_id", decision.id},
                        {"action", std::string(ActionName(decision.action))},
                        {"rule", decision.rule},
                        {"runbook", decision.runbook},
                        {"vars", vars},
                        {"reason", decision.reason}});
}

ServeSession::ServeSession(Dispatcher& dispatcher, RunLauncher& launcher, const std::string& state_dir,
                           const Clock& clock, std::FILE* out)
    : dispatcher_(dispatcher),
      launcher_(launcher),
      clock_(clock),
      hold_(state_dir),
      writer_(out, FlushPolicy::kEveryRecord) {}

bool ServeSession::HoldActive() { return hold_.At(clock_.Now()).has_value(); }

Status ServeSession::Write(const Value& record) { return writer_.Write(record); }

Status ServeSession::Act(const std::vector<Decision>& decisions) {
  for (const Decision& decision : decisions) {
    EVT_RETURN_IF_ERROR(Write(DecisionRecord(decision, clock_.Now())));
    if (ShouldRun(decision)) launcher_.Launch({decision.id, decision.runbook, decision.vars});
  }
  return Status::Ok();
}

Status ServeSession::Offer(const std::vector<Trigger>& triggers) {
  std::lock_guard lock(mutex_);
  for (const Trigger& trigger : triggers) {
    EVT_ASSIGN_OR_RETURN(std::vector<Decision> decisions, dispatcher_.Offer(trigger, HoldActive()));
    EVT_RETURN_IF_ERROR(Act(decisions));
  }
  return Status::Ok();
}

Status ServeSession::Tick() {
  std::lock_guard lock(mutex_);
  for (const EndedRun& ended : launcher_.TakeEnded()) {
    EVT_RETURN_IF_ERROR(dispatcher_.RunEnded(ended.decision_id, ended.exit_code == 0));
    Value record = Value::object({{"kind", "runbook.decision"},
                                  {"v", 1},
                                  {"ts", FormatRfc3339(clock_.Now())},
                                  {"decision_id", ended.decision_id},
                                  {"action", "run_ended"},
                                  {"runbook", ended.runbook},
                                  {"run_id", ended.run_id},
                                  {"exit_code", ended.exit_code}});
    if (!ended.error.empty()) record.set("reason", ended.error);
    EVT_RETURN_IF_ERROR(Write(record));
  }
  EVT_ASSIGN_OR_RETURN(std::vector<Decision> due, dispatcher_.Due(HoldActive()));
  return Act(due);
}

}  // namespace evt::runbook
