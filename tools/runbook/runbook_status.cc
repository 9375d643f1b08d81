#include "tools/runbook/runbook_status.h"

#include <algorithm>

#include "common/duration.h"
#include "common/number_text.h"
#include "common/table.h"
#include "common/text_fit.h"
#include "common/text_width.h"
#include "common/time_display.h"

namespace evt::runbook {
namespace {

Style OutcomeStyle(const std::string& outcome) {
  if (outcome == "ok") return Style::kOk;
  if (outcome == "running" || outcome == "changes_pending") return Style::kWarn;
  return Style::kBad;
}

Value RunValue(const RunLine& run) {
  Value v = Value::object({{"run_id", run.run_id},
                           {"runbook", run.runbook},
                           {"outcome", run.outcome},
                           {"dry_run", run.dry_run},
                           {"started_at", FormatRfc3339(run.started_at)}});
  if (run.took_ms) v.set("took_ms", *run.took_ms);
  return v;
}

Value PendingValue(const PendingDecision& p) {
  return Value::object({{"decision_id", p.decision_id},
                        {"rule", p.rule},
                        {"runbook", p.runbook},
                        {"asked_at", FormatRfc3339(p.asked_at)},
                        {"expires_at", FormatRfc3339(p.expires_at)}});
}

std::string ServeText(const RunbookStatus& status, TimePoint now) {
  switch (status.serve) {
    case ServeState::kAlive: return "serve alive";
    case ServeState::kStale: return "serve stale (last beat " + AgeText(*status.serve_beat_at, now) + " ago)";
    case ServeState::kNone: break;
  }
  return "serve not running";
}

}  // namespace

RunLine RunLineOf(const RunSummary& run) {
  RunLine line{run.start.id, run.start.runbook, "running", run.start.dry_run, run.start.started_at, std::nullopt};
  if (run.end) {
    line.outcome = run.end->outcome;
    line.took_ms = run.end->duration_ms;
  }
  return line;
}

PendingDecision PendingOf(const ApprovalRow& approval, const std::optional<DecisionRow>& decision) {
  PendingDecision p{approval.decision_id, "", "", approval.asked_at, approval.expires_at};
  if (decision) {
    p.rule = decision->rule;
    p.runbook = decision->runbook;
  }
  return p;
}

void NoteServe(RunbookStatus& status, const std::vector<Beat>& beats, TimePoint now, std::string_view this_host) {
  std::optional<Beat> newest;
  for (const Beat& b : beats) {
    if (b.daemon != "runbook serve") continue;
    if (IsAlive(b, now, this_host)) {
      newest = b;
      break;
    }
    if (!newest || b.beat_at > newest->beat_at) newest = b;
  }
  if (!newest) return;
  status.serve = IsAlive(*newest, now, this_host) ? ServeState::kAlive : ServeState::kStale;
  status.serve_beat_at = newest->beat_at;
}

std::string_view ServeStateName(ServeState state) {
  switch (state) {
    case ServeState::kAlive: return "alive";
    case ServeState::kStale: return "stale";
    case ServeState::kNone: break;
  }
  return "none";
}

Value RunbookStatusRecord(const RunbookStatus& status, TimePoint now) {
  Value record = Value::object({{"kind", "runbook.status"},
                                {"v", 1},
                                {"ts", FormatRfc3339(now)},
                                {"serve", ServeStateName(status.serve)}});
  if (status.serve_beat_at) record.set("serve_beat_at", FormatRfc3339(*status.serve_beat_at));
  record.set("runs_24h", status.last_day.runs);
  record.set("failed_24h", status.last_day.failed);
  record.set("pending_approvals", status.pending.size());
  if (!status.last_runs.empty()) {
    const RunLine& last = status.last_runs.front();
    record.set("last_runbook", last.runbook);
    record.set("last_outcome", last.outcome);
    record.set("last_started_at", FormatRfc3339(last.started_at));
  }
  Value runs = Value::array();
  for (const RunLine& run : status.last_runs) runs.push_back(RunValue(run));
  record.set("last_runs", std::move(runs));
  Value pending = Value::array();
  for (const PendingDecision& p : status.pending) pending.push_back(PendingValue(p));
  record.set("pending", std::move(pending));
  return record;
}

std::string RunbookStatusText(const RunbookStatus& status, TimePoint now, bool color, int width) {
  std::string facts = ServeText(status, now) + "; " + std::to_string(status.last_day.runs) + " runs in 24h, " +
                      std::to_string(status.last_day.failed) + " failed; " + std::to_string(status.pending.size()) +
                      " awaiting approval\n";
  for (const PendingDecision& p : status.pending) {
    facts += "awaiting approval: " + p.runbook + " (rule " + p.rule + "), evt-runbook approve " + p.decision_id + "\n";
  }
  // Wrapped, not cut: the approval line ends in the command to type.
  std::string text = WrapLines(facts, width);
  if (status.last_runs.empty()) return text + "no runs yet\n";
  Table table;
  table.AddColumn("runbook", {.priority = Priority::kKey});
  table.AddColumn("outcome", {.fit = Fit::kWrap, .priority = Priority::kHigh});
  table.AddColumn("started");
  table.AddColumn("took", {.priority = Priority::kLow});
  for (const RunLine& run : status.last_runs) {
    std::string outcome = run.outcome + (run.dry_run ? " (dry run)" : "");
    table.AddRow({run.runbook, {outcome, OutcomeStyle(run.outcome)}, AgeText(run.started_at, now) + " ago",
                  run.took_ms ? DurationText(std::chrono::milliseconds(*run.took_ms)) : "-"});
  }
  return text + table.Render(color, width);
}

}  // namespace evt::runbook
