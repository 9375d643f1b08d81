// `evt-budget check`: ingest what is given, let the governor decide the
// level, and fail when a budget is over (or, with --fail-on warn, near).
#include <unistd.h>

#include <iostream>

#include "common/heartbeat.h"
#include "common/json_writer.h"
#include "common/site_hold.h"
#include "common/time_display.h"
#include "tools/budget/command_context.h"
#include "tools/budget/commands.h"
#include "tools/budget/budget_records.h"
#include "tools/budget/governor.h"
#include "tools/budget/ingest_run.h"
#include "tools/budget/status_output.h"

namespace evt::budget {
namespace {

Status FailureOf(const std::vector<BudgetStatus>& budgets, State worst_allowed) {
  std::string failing;
  for (const BudgetStatus& b : budgets) {
    if (b.state > worst_allowed) failing += (failing.empty() ? "" : ", ") + b.spec->name + " (" + std::string(StateName(b.state)) + ")";
  }
  if (failing.empty()) return Status::Ok();
  return Status::CheckFailed("budget check failed: " + failing);
}

// The site-wide hold: a person is working, so the governor keeps the level
// it has and its decision says why (doc/design.md §4.5).
Status KeepLevelWhileHeld(const std::string& state_dir, const GovernorState& state, GovernorDecision& decision) {
  if (decision.level == state.level) return Status::Ok();
  Result<std::optional<SiteHold>> hold = HoldAt(state_dir, SystemClock().Now());
  if (!hold.ok()) return hold.status();
  if (!*hold) return Status::Ok();
  decision.reason = "site " + HoldText(**hold) + "; keeping the level instead of: " + decision.reason;
  decision.action = Action::kKeep;
  decision.level = state.level;
  decision.since = state.since;
  return Status::Ok();
}

struct Decided {
  std::vector<BudgetStatus> budgets;
  GovernorDecision decision;
};

// Reads the level, evaluates every budget, lets the governor decide and
// keeps the new level. REQUIRES: a ledger batch is open unless dry_run, so
// that all of it is one write transaction: two checks at once then decide
// one after the other, and a change is decided (and shown) once.
Result<Decided> DecideInBatch(Context& c, const Options& options, bool with_series) {
  EVT_ASSIGN_OR_RETURN(GovernorState state, c.ledger.Governor());
  EVT_ASSIGN_OR_RETURN(std::vector<BudgetStatus> budgets,
                       EvaluateBudgets(c.config, c.ledger, c.now, {state.level, with_series}));
  GovernorDecision decision = Govern(state, budgets, c.config.restore_margin, c.config.hold, c.now);
  EVT_RETURN_IF_ERROR(KeepLevelWhileHeld(c.state_dir, state, decision));
  if (decision.level != state.level && !options.dry_run) {
    EVT_RETURN_IF_ERROR(c.ledger.SetGovernor({decision.level, decision.since}));
  }
  return Decided{std::move(budgets), decision};
}

// Decides (DecideInBatch) and shows the decision once it is committed:
// always, or with `only_changes` only when the level changes. Returns the
// budgets and the decision, for the exit code.
Result<Decided> Decide(Context& c, const Options& options, RecordWriter& writer, bool only_changes) {
  bool records = WantRecords(options.common);
  if (!options.dry_run) EVT_RETURN_IF_ERROR(c.ledger.Begin());
  Result<Decided> decided = DecideInBatch(c, options, !records);
  if (!decided.ok()) {
    c.ledger.Abandon();
    return decided.status();
  }
  if (!options.dry_run) EVT_RETURN_IF_ERROR(c.ledger.Commit());
  const GovernorDecision& decision = decided->decision;
  if (only_changes && decision.action == Action::kKeep) return decided;
  if (records) {
    EVT_RETURN_IF_ERROR(writer.Write(DecisionRecord(decision, c.config, decided->budgets, c.now)));
  } else {
    bool color = ColorEnabled(STDOUT_FILENO);
    const TimeZone& zone = DisplayZone(c.config.site.timezone, options.common.utc);
    if (!only_changes) std::cout << BudgetTable(decided->budgets, color, TerminalWidth(STDOUT_FILENO), zone, c.now);
    std::cout << DecisionLine(decision, c.config, color) << std::flush;
  }
  return decided;
}

Status CheckOnce(Context& c, const Options& options, const Settings& settings) {
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  if (!options.follow) {
    if (!options.check_inputs.empty()) EVT_RETURN_IF_ERROR(RunIngest(c, options, options.check_inputs, writer));
    Result<Decided> decided = Decide(c, options, writer, false);
    if (!decided.ok()) return decided.status();
    if (options.dry_run && decided->decision.action != Action::kKeep) {
      return Status::WithCode(ExitCode::kDryRunPending, "dry run: the governor's level would change; nothing stored");
    }
    return FailureOf(decided->budgets, settings.worst_allowed);
  }
  // Following a stream: one record per batch, a decision after each, shown
  // when it changes the level (and once at the start). Without --at, now
  // moves with the clock.
  auto now = [&] { return options.at.empty() ? SystemClock().Now() : c.now; };
  Result<Decided> decided = Decide(c, options, writer, false);
  if (!decided.ok()) return decided.status();
  std::vector<BudgetStatus> budgets = std::move(decided->budgets);
  IngestOptions follow;
  follow.batch_records = 1;
  follow.strict = options.strict;
  follow.now = now;
  follow.after_commit = [&]() -> Status {
    c.now = now();
    Result<Decided> again = Decide(c, options, writer, true);
    if (!again.ok()) return again.status();
    budgets = std::move(again->budgets);
    return Status::Ok();
  };
  IngestCounts counts;
  EVT_RETURN_IF_ERROR(IngestInputs(options.check_inputs, c.config, c.ledger, c.now, options.common, writer, counts,
                                   follow));
  return FailureOf(budgets, settings.worst_allowed);
}

}  // namespace

// A check from a timer leaves a one-shot beat ("last run"); --watch keeps
// a heartbeat while it runs.
Status RunCheck(Context& c, const Options& options, const Settings& settings) {
  if (options.dry_run && (options.follow || !options.check_inputs.empty())) {
    return Status::Usage("check --dry-run stores nothing, so it takes no input records and no --watch");
  }
  if (options.dry_run) return CheckOnce(c, options, settings);
  Result<RunBeat> beat = RunBeat::Start(c.state_dir, "budget check", options.follow);
  if (!beat.ok()) return beat.status();
  Status checked = CheckOnce(c, options, settings);
  Status finished = beat->Finish();
  return !finished.ok() && checked.ok() ? finished : checked;
}

}  // namespace evt::budget
