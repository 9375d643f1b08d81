// `evt-runbook approve ID` and `deny ID`: a person settles a decision that
// waits for approval (history --pending lists them). Approve runs the
// runbook here, in the foreground, through the same gate as serve (the
// hold, busy, cool-down, rate limit): the person sees it run and its
// outcome. An unknown or already settled id is DataErr (65).
#include <cstdio>

#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/site_hold.h"
#include "common/state_root.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"
#include "tools/runbook/dispatch_decider.h"
#include "tools/runbook/dispatch_store.h"
#include "tools/runbook/program_path.h"
#include "tools/runbook/serve_launcher.h"
#include "tools/runbook/serve_rules.h"
#include "tools/runbook/serve_session.h"

namespace evt::runbook {
namespace {

Status RunApproved(Dispatcher& dispatcher, const Decision& decision, const CommonOptions& common,
                   RecordWriter& writer, const Clock& clock) {
  RunLauncher launcher(SelfDir() + "/evt-runbook", common);
  launcher.Launch({decision.id, decision.runbook, decision.vars});
  launcher.WaitAll();
  for (const EndedRun& ended : launcher.TakeEnded()) {
    EVT_RETURN_IF_ERROR(dispatcher.RunEnded(ended.decision_id, ended.exit_code == 0));
    Value record = Value::object({{"kind", "runbook.decision"},
                                  {"v", 1},
                                  {"ts", FormatRfc3339(clock.Now())},
                                  {"decision_id", ended.decision_id},
                                  {"action", "run_ended"},
                                  {"runbook", ended.runbook},
                                  {"run_id", ended.run_id},
                                  {"exit_code", ended.exit_code}});
    if (!ended.error.empty()) record.set("reason", ended.error);
    EVT_RETURN_IF_ERROR(writer.Write(record));
    // The run's own exit code: what `run` would have told the person.
    if (ended.exit_code != 0) {
      return Status::WithCode(static_cast<ExitCode>(ended.exit_code), "runbook " + ended.runbook + " failed: " + ended.error);
    }
  }
  return Status::Ok();
}

}  // namespace

Status SettleCommand(const Options& options, bool approve) {
  EVT_ASSIGN_OR_RETURN(SiteConfig site, LoadSiteConfig(options.common));
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(options.common));
  EVT_ASSIGN_OR_RETURN(TriggerRules rules, VettedRules(site.settings));
  EVT_ASSIGN_OR_RETURN(DispatchStore store, DispatchStore::Open(state_dir));
  const Clock& clock = MachineClock();
  Dispatcher dispatcher(store, rules, clock);
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  if (!approve) {
    EVT_RETURN_IF_ERROR(dispatcher.Deny(options.decision_id, WhoAmI()));
    return writer.Write(Value::object({{"kind", "runbook.decision"},
                                       {"v", 1},
                                       {"ts", FormatRfc3339(clock.Now())},
                                       {"decision_id", options.decision_id},
                                       {"action", "denied"},
                                       {"reason", "denied by " + WhoAmI()}}));
  }
  EVT_ASSIGN_OR_RETURN(std::optional<SiteHold> hold, HoldAt(state_dir, clock.Now()));
  EVT_ASSIGN_OR_RETURN(Decision decision, dispatcher.Approve(options.decision_id, WhoAmI(), hold.has_value()));
  EVT_RETURN_IF_ERROR(writer.Write(DecisionRecord(decision, clock.Now())));
  if (!ShouldRun(decision)) return Status::Ok();
  return RunApproved(dispatcher, decision, options.common, writer, clock);
}

}  // namespace evt::runbook
