// The commands: config and ledger in, records or a table out.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "common/config.h"
#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/site_hold.h"
#include "common/site_status.h"
#include "common/state_root.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/state_dir.h"
#include "tools/budget/budget_records.h"
#include "tools/budget/cli.h"
#include "tools/budget/cost_report.h"
#include "tools/budget/ingest_run.h"
#include "tools/budget/status_output.h"

namespace evt::budget {
namespace {

constexpr int kTableWidth = 120;

struct Context {
  BudgetConfig config;
  Ledger ledger;
  TimePoint now;
  std::string state_dir;
};

// The flags whose values choose what a command does, resolved once so no
// use site compares option strings.
struct Settings {
  std::optional<OutputFormat> metrics;  // status --format: metrics text instead of records or a table
  State worst_allowed = State::kWarn;   // check --fail-on: the worst state that still exits 0
};

Result<State> WorstAllowed(const std::string& fail_on) {
  if (fail_on == "over") return State::kWarn;
  if (fail_on == "warn") return State::kOk;
  return Status::Usage("--fail-on: expected over or warn, got \"" + fail_on + "\"");
}

Result<Settings> Resolve(const Options& options) {
  Settings settings;
  if (!options.format.empty()) {
    EVT_ASSIGN_OR_RETURN(OutputFormat format, ParseOutputFormat(options.format));
    if (format == OutputFormat::kRecords) return Status::Usage("--format: expected prometheus or openmetrics");
    settings.metrics = format;
  }
  EVT_ASSIGN_OR_RETURN(settings.worst_allowed, WorstAllowed(options.fail_on));
  return settings;
}

Result<TimePoint> Now(const Options& options) {
  if (options.at.empty()) return SystemClock().Now();
  Result<TimePoint> at = ParseRfc3339(options.at);
  if (!at.ok()) return Status::Usage("--at: " + at.status().message());
  return at;
}

Result<Context> Open(const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(options.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  EVT_ASSIGN_OR_RETURN(BudgetConfig budget, ReadBudgetConfig(config));
  EVT_ASSIGN_OR_RETURN(TimePoint now, Now(options));
  EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(options.common));
  EVT_ASSIGN_OR_RETURN(Ledger ledger, Ledger::Open(state_dir));
  return Context{std::move(budget), std::move(ledger), now, state_dir};
}

Result<std::vector<BudgetStatus>> Evaluate(Context& c, bool with_series) {
  EVT_ASSIGN_OR_RETURN(GovernorState governor, c.ledger.Governor());
  return EvaluateBudgets(c.config, c.ledger, c.now, {governor.level, with_series});
}

Status Ingest(Context& c, const Options& options, const std::vector<std::string>& inputs, RecordWriter& out) {
  IngestCounts counts;
  IngestOptions ingest;
  ingest.strict = options.strict;
  Status status = IngestInputs(inputs, c.config, c.ledger, c.now, options.common, out, counts, ingest);
  // A person at the terminal wants to know it took; a log does not.
  if (ShowProgress()) {
    std::cerr << ProgramName() << ": " << counts.added << " records added, " << counts.duplicates
              << " already in the ledger, " << counts.conflicting << " re-using an id for other usage, "
              << counts.unmapped << " for no budget, " << counts.held << " battery readings held back\n";
  }
  return status;
}

Status ShowStatus(Context& c, const Options& options, const Settings& settings) {
  bool records = WantRecords(options.common);
  EVT_ASSIGN_OR_RETURN(std::vector<BudgetStatus> budgets, Evaluate(c, !records && !settings.metrics));
  if (settings.metrics) {
    std::cout << BudgetMetricsText(budgets, *settings.metrics == OutputFormat::kOpenMetrics);
    return Status::Ok();
  }
  if (!records) {
    // The hold and when check last ran: the state shown is only as fresh as that.
    Result<SiteStatus> site = ReadSiteStatus(c.state_dir, SystemClock().Now());
    if (!site.ok()) return site.status();
    std::cout << SiteStatusText(*site, {"budget check"}, SystemClock().Now());
    std::cout << BudgetTable(budgets, ColorEnabled(STDOUT_FILENO), kTableWidth);
    return Status::Ok();
  }
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  for (const BudgetStatus& b : budgets) EVT_RETURN_IF_ERROR(writer.Write(BudgetRecord(b, c.now)));
  return writer.Flush();
}

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
    if (!only_changes) std::cout << BudgetTable(decided->budgets, color, kTableWidth);
    std::cout << DecisionLine(decision, c.config, color) << std::flush;
  }
  return decided;
}

Status CheckOnce(Context& c, const Options& options, const Settings& settings);

// A check from a timer leaves a one-shot beat ("last run"); --follow keeps
// a heartbeat while it runs.
Status Check(Context& c, const Options& options, const Settings& settings) {
  if (options.dry_run && (options.follow || !options.check_inputs.empty())) {
    return Status::Usage("check --dry-run stores nothing, so it takes no input records and no --follow");
  }
  if (options.dry_run) return CheckOnce(c, options, settings);
  Result<RunBeat> beat = RunBeat::Start(c.state_dir, "budget check", options.follow);
  if (!beat.ok()) return beat.status();
  Status checked = CheckOnce(c, options, settings);
  Status finished = beat->Finish();
  return !finished.ok() && checked.ok() ? finished : checked;
}

Status CheckOnce(Context& c, const Options& options, const Settings& settings) {
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  if (!options.follow) {
    if (!options.check_inputs.empty()) EVT_RETURN_IF_ERROR(Ingest(c, options, options.check_inputs, writer));
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

Status Report(Context& c, const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::vector<CostLine> lines,
                       CostReport(c.config, c.ledger, options.resource, options.per, c.now));
  const std::string& currency = c.config.rates.find(options.resource)->second.currency;
  if (!WantRecords(options.common)) {
    std::cout << CostTable(lines, options.resource, currency, options.per, ColorEnabled(STDOUT_FILENO), kTableWidth);
    return Status::Ok();
  }
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  for (const CostLine& line : lines) {
    EVT_RETURN_IF_ERROR(writer.Write(CostRecord(line, options.resource, currency, options.per, c.now)));
  }
  return writer.Flush();
}

// Longer than this, it is an outage, not a swap: the site-wide hold's job.
constexpr Duration kLongestSwap = std::chrono::hours(1);

Status Swap(Context& c, const Options& options) {
  Result<Duration> length = ParseDuration(options.swap_for);
  if (!length.ok()) return Status::Usage("--for: " + length.status().message());
  if (length->count() <= 0 || *length > kLongestSwap) {
    return Status::Usage("--for: expected a duration above 0s and at most 1h, got " + options.swap_for);
  }
  std::vector<std::string> sources;
  for (const BudgetSpec& b : c.config.budgets) {
    if (b.unit == BudgetUnit::kEnergy) sources.push_back(b.source);
  }
  if (std::find(sources.begin(), sources.end(), options.swap_source) == sources.end()) {
    std::string known;
    for (const std::string& source : sources) known += (known.empty() ? "" : ", ") + source;
    return Status::Usage("swap: \"" + options.swap_source + "\" is no energy budget's source (sources: " +
                         (known.empty() ? "none" : known) + ")");
  }
  SwapWindow swap{options.swap_source, c.now, c.now + *length};
  if (!options.dry_run) EVT_RETURN_IF_ERROR(c.ledger.SetSwap(swap));
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    EVT_RETURN_IF_ERROR(writer.Write(SwapRecord(swap, !options.dry_run, c.now)));
  } else {
    std::cout << swap.source << ": battery readings held back until " << FormatRfc3339(swap.until)
              << " (a swap; the first reading after it starts the new pack)" << (options.dry_run ? " [dry run]" : "")
              << "\n";
  }
  if (options.dry_run) return Status::WithCode(ExitCode::kDryRunPending, "dry run: the swap was not stored");
  return Status::Ok();
}

}  // namespace

Status Run(const Options& options) {
  EVT_ASSIGN_OR_RETURN(const Settings settings, Resolve(options));
  EVT_ASSIGN_OR_RETURN(Context context, Open(options));
  if (options.ingest_command->parsed()) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    return Ingest(context, options, options.ingest_inputs, writer);
  }
  if (options.status_command->parsed()) return ShowStatus(context, options, settings);
  if (options.check_command->parsed()) return Check(context, options, settings);
  if (options.report_command->parsed()) return Report(context, options);
  if (options.swap_command->parsed()) return Swap(context, options);
  return Status::Usage("a command is required: ingest, status, check, report or swap");
}

}  // namespace evt::budget
