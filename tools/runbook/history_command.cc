// `evt-runbook history`: past runs from the audit trail.
#include <cstdio>

#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/state_dir.h"
#include "common/state_root.h"
#include "common/table.h"
#include "common/time_format.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"
#include "tools/runbook/audit_log.h"

namespace evt::runbook {

Status HistoryCommand(const Options& options) {
  Result<std::string> state_dir = ResolveStateDir(options.common);
  if (!state_dir.ok()) return state_dir.status();
  Result<AuditLog> audit = AuditLog::Open(*state_dir);
  if (!audit.ok()) return audit.status();
  Result<std::vector<RunSummary>> runs =
      audit->History(static_cast<std::size_t>(options.history_limit), options.history_runbook);
  if (!runs.ok()) return runs.status();
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kBuffered);
    for (const RunSummary& run : *runs) {
      Result<std::vector<CallEntry>> calls = audit->Calls(run.start.id);
      if (!calls.ok()) return calls.status();
      EVT_RETURN_IF_ERROR(writer.Write(RunRecord(run, &*calls)));
    }
    return writer.Flush();
  }
  bool color = ColorEnabled(STDOUT_FILENO);
  Table table;
  for (const char* column : {"started", "runbook", "outcome", "ms", "steps", "by", "run"}) table.AddColumn(column);
  for (const RunSummary& run : *runs) {
    std::string outcome = run.end ? run.end->outcome : "unfinished";
    if (run.start.dry_run) outcome += " (dry run)";
    Style style = outcome.starts_with("ok") ? Style::kOk : outcome.starts_with("changes") ? Style::kWarn : Style::kBad;
    table.AddRow({FormatRfc3339(run.start.started_at), run.start.runbook, {outcome, style},
                  run.end ? std::to_string(run.end->duration_ms) : "", std::to_string(run.steps.size()),
                  run.start.user + "@" + run.start.host, run.start.id});
  }
  std::fputs(table.Render(color, 0).c_str(), stdout);
  return Status::Ok();
}

}  // namespace evt::runbook
