// `evt-runbook status`: the last runs, the failures of the last day, the
// decisions waiting for approval and whether serve is alive. Read-only: the
// audit trail and the dispatcher's tables are opened with
// Store::OpenReadOnly, so it answers beside a running serve and creates no
// store where there is none.
#include <unistd.h>

#include <cstdio>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/site_status.h"
#include "common/state_root.h"
#include "common/text_fit.h"
#include "tools/runbook/commands.h"
#include "tools/runbook/runbook_status.h"

namespace evt::runbook {
namespace {

Result<RunbookStatus> ReadRunbookStatus(const std::string& state_dir, TimePoint now) {
  RunbookStatus status;
  EVT_ASSIGN_OR_RETURN(AuditLog audit, AuditLog::OpenReadOnly(state_dir));
  EVT_ASSIGN_OR_RETURN(std::vector<RunSummary> runs, audit.History(kLastRuns, ""));
  for (const RunSummary& run : runs) status.last_runs.push_back(RunLineOf(run));
  EVT_ASSIGN_OR_RETURN(status.last_day, audit.CountRunsSince(now - kFailedWindow));
  EVT_ASSIGN_OR_RETURN(DispatchStore dispatch, DispatchStore::OpenReadOnly(state_dir));
  EVT_ASSIGN_OR_RETURN(std::vector<ApprovalRow> waiting, dispatch.WaitingApprovals());
  for (const ApprovalRow& approval : waiting) {
    EVT_ASSIGN_OR_RETURN(std::optional<DecisionRow> decision, dispatch.FindDecision(approval.decision_id));
    status.pending.push_back(PendingOf(approval, decision));
  }
  return status;
}

}  // namespace

Status StatusCommand(const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(options.common));
  const TimePoint now = SystemClock().Now();
  EVT_ASSIGN_OR_RETURN(RunbookStatus status, ReadRunbookStatus(state_dir, now));
  EVT_ASSIGN_OR_RETURN(SiteStatus site, ReadSiteStatus(state_dir, now));
  NoteServe(status, site.beats, now, ThisHost());
  if (!WantRecords(options.common)) {
    // The hold too: serve runs nothing that mutates while a person works.
    std::string text = WrapLines(SiteStatusText(site, {"runbook serve"}, now), TerminalWidth(STDOUT_FILENO)) +
                       RunbookStatusText(status, now, ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO));
    bool ok = std::fputs(text.c_str(), stdout) >= 0 && std::fflush(stdout) == 0;
    return ok ? Status::Ok() : Status::IoErr("write error");
  }
  RecordWriter out(stdout, FlushPolicy::kBuffered);
  EVT_RETURN_IF_ERROR(out.Write(RunbookStatusRecord(status, now)));
  return out.Flush();
}

}  // namespace evt::runbook
