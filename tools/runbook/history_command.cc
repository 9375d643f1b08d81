// `evt-runbook history`: past runs from the audit trail; with --decisions
// (or --pending) the dispatcher's decisions instead: the trigger and rule
// behind each automatic run, and why a matched alert did not run.
#include <cstdio>

#include "common/clock.h"
#include "common/json_writer.h"
#include "common/number_text.h"
#include "common/output_mode.h"
#include "common/state_dir.h"
#include "common/state_root.h"
#include "common/table.h"
#include "common/time_display.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"
#include "tools/runbook/audit_log.h"
#include "tools/runbook/dispatch_store.h"

namespace evt::runbook {
namespace {

Value DecisionRowRecord(const DecisionRow& row) {
  Value record = Value::object({{"kind", "runbook.decision"},
                                {"v", 1},
                                {"ts", FormatRfc3339(row.at)},
                                {"decision_id", row.id},
                                {"action", row.action},
                                {"rule", row.rule},
                                {"runbook", row.runbook},
                                {"vars", row.vars},
                                {"reason", row.reason},
                                {"trigger", row.trigger}});
  if (row.run_id) record.set("run_id", *row.run_id);
  if (!row.outcome.empty()) record.set("outcome", row.outcome);
  return record;
}

// What set the decision off, in a few words: "alertmanager firing
// UplinkDown", "record anomaly".
std::string TriggerText(const Value& trigger) {
  auto text = [&](const Value& object, const char* key) -> std::string {
    const Value* v = object.is_object() ? object.find(key) : nullptr;
    return v && v->is_string() ? v->as_string() : "";
  };
  const Value* labels = trigger.is_object() ? trigger.find("labels") : nullptr;
  std::string name = labels ? text(*labels, "alertname") : "";
  if (name.empty() && labels) name = text(*labels, "kind");
  std::string words = text(trigger, "source") + " " + text(trigger, "status") + " " + name;
  while (!words.empty() && words.back() == ' ') words.pop_back();
  return words;
}

Result<std::vector<DecisionRow>> ChosenDecisions(DispatchStore& store, const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::vector<DecisionRow> rows,
                       store.ListDecisions(TimePoint{}, static_cast<std::size_t>(options.history_limit)));
  std::vector<DecisionRow> chosen;
  for (DecisionRow& row : rows) {
    if (!options.history_runbook.empty() && row.runbook != options.history_runbook) continue;
    if (options.history_pending) {
      if (row.action != "await_approval") continue;
      EVT_ASSIGN_OR_RETURN(std::optional<ApprovalRow> approval, store.FindApproval(row.id));
      if (!approval || approval->state != "waiting") continue;
    }
    chosen.push_back(std::move(row));
  }
  return chosen;
}

Status DecisionHistory(const Options& options, const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(DispatchStore store, DispatchStore::Open(state_dir));
  EVT_ASSIGN_OR_RETURN(std::vector<DecisionRow> rows, ChosenDecisions(store, options));
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kBuffered);
    for (const DecisionRow& row : rows) EVT_RETURN_IF_ERROR(writer.Write(DecisionRowRecord(row)));
    return writer.Flush();
  }
  const TimeZone& zone = DisplayZoneFor(options.common);
  const TimePoint now = SystemClock().Now();
  Table table;
  table.AddColumn("at", {.priority = Priority::kHigh});
  table.AddColumn("decision", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("trigger", {.fit = Fit::kWrap, .priority = Priority::kLow});
  table.AddColumn("rule", {.priority = Priority::kLow});
  table.AddColumn("runbook", {.priority = Priority::kHigh});
  table.AddColumn("action", {.priority = Priority::kHigh});
  table.AddColumn("why", {.fit = Fit::kWrap});
  table.AddColumn("run", {.fit = Fit::kMiddle, .priority = Priority::kLow});
  for (const DecisionRow& row : rows) {
    Style style = row.action == "run" || row.action == "undo" ? Style::kOk : Style::kWarn;
    table.AddRow({FormatLocalTimeSeconds(row.at, zone, now), row.id, TriggerText(row.trigger), row.rule, row.runbook,
                  {row.action, style}, row.reason, row.run_id ? *row.run_id : row.outcome});
  }
  std::fputs(table.Render(ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO)).c_str(), stdout);
  return Status::Ok();
}

}  // namespace

Status HistoryCommand(const Options& options) {
  Result<std::string> state_dir = ResolveStateDir(options.common);
  if (!state_dir.ok()) return state_dir.status();
  if (options.history_decisions || options.history_pending) return DecisionHistory(options, *state_dir);
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
  const TimeZone& zone = DisplayZoneFor(options.common);
  const TimePoint now = SystemClock().Now();
  Table table;
  table.AddColumn("started", {.priority = Priority::kHigh});
  table.AddColumn("runbook", {.priority = Priority::kKey});
  table.AddColumn("outcome", {.fit = Fit::kWrap, .priority = Priority::kHigh});
  table.AddColumn("took");
  table.AddColumn("steps", {.priority = Priority::kLow});
  table.AddColumn("by", {.fit = Fit::kMiddle, .priority = Priority::kLow});
  table.AddColumn("run", {.fit = Fit::kMiddle});
  for (const RunSummary& run : *runs) {
    std::string outcome = run.end ? run.end->outcome : "unfinished";
    if (run.start.dry_run) outcome += " (dry run)";
    Style style = outcome.starts_with("ok") ? Style::kOk : outcome.starts_with("changes") ? Style::kWarn : Style::kBad;
    table.AddRow({FormatLocalTimeSeconds(run.start.started_at, zone, now), run.start.runbook, {outcome, style},
                  run.end ? DurationText(std::chrono::milliseconds(run.end->duration_ms)) : "", std::to_string(run.steps.size()),
                  run.start.user + "@" + run.start.host, run.start.id});
  }
  std::fputs(table.Render(color, TerminalWidth(STDOUT_FILENO)).c_str(), stdout);
  return Status::Ok();
}

}  // namespace evt::runbook
