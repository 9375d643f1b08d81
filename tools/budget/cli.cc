#include "tools/budget/cli.h"

#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "common/hub/hub_commands.h"
#include "common/hub/sync_verb.h"
#include "common/state_commands.h"
#include "tools/budget/budget_config.h"
#include "tools/budget/commands.h"
#include "tools/budget/ledger.h"

namespace evt::budget {

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckBudgetConfig);
  hub::AddHubCommands(app, options.common);
  AddStateCommands(app, options.common, "budget", [](const std::string& state_dir, TimePoint cutoff) -> Result<std::vector<PrunedRows>> {
    Result<Ledger> ledger = Ledger::Open(state_dir);
    if (!ledger.ok()) return ledger.status();
    return ledger->PruneBefore(cutoff);
  });
  app.require_subcommand(1);

  options.ingest_command = app.add_subcommand(
      "ingest", "add usage, metric, probe, flow and load.window records to the ledger (idempotent by id)");
  options.ingest_command->add_option("input", options.ingest_inputs, "JSON Lines files; - or none for stdin")
      ->type_name("FILE|-");

  options.status_command = app.add_subcommand(
      "status", "per budget: spent, limit, burn rate, forecast, when it runs out, and its state");
  AddOutputOption(*options.status_command, options.format,
                  {OutputForm::kRecords, OutputForm::kTable, OutputForm::kPrometheus, OutputForm::kOpenMetrics},
                  "records, a table, or prometheus or openmetrics text for a textfile collector (default: a table "
                  "on a terminal, else records)");
  options.status_command
      ->add_option("--textfile", options.textfile,
                   "write the text (-o prometheus or openmetrics) to PATH atomically, for node_exporter's "
                   "textfile collector, instead of stdout")
      ->type_name("PATH");

  options.check_command = app.add_subcommand(
      "check", "decide what to shed or restore; exit 1 when a budget is over (decision records)");
  options.check_command->add_option("input", options.check_inputs, "records to ingest first; - for stdin")
      ->type_name("FILE|-");
  options.check_command->add_flag("--watch", options.follow,
                                  "keep reading: decide after every input record, writing a decision when the level "
                                  "changes");
  AddDeprecatedFlag(*options.check_command, "--follow", "--watch", options.follow);
  options.check_command->add_flag("--dry-run", options.dry_run,
                                  "decide and show the decision, but store nothing: the level stays as it was; exit 3 if it would change");
  options.check_command->add_option("--fail-on", options.fail_on, "exit 1 from this state up: over (default) or warn")
      ->type_name("STATE")
      ->check(CLI::IsMember({"over", "warn"}));

  options.report_command =
      app.add_subcommand("report", "cost per --per units of RESOURCE per component, against cost_per_1k");
  MarkReadOnly(*options.status_command);
  MarkReadOnly(*options.report_command);
  options.report_command->add_option("resource", options.resource, "the resource, as in budget.rates")
      ->required()
      ->type_name("RESOURCE");
  options.report_command->add_option("--per", options.per, "units to price (default 1000)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));

  options.swap_command = app.add_subcommand(
      "swap", "announce a battery hot-swap: hold back SOURCE's readings for a while, so pulled packs do not read "
              "as an empty battery (not the site-wide hold)");
  options.swap_command->add_option("source", options.swap_source, "the scrape source an energy budget reads")
      ->required()
      ->type_name("SOURCE");
  options.swap_command->add_option("--for", options.swap_for, "how long the swap takes, up to 1h (default 5m)")
      ->type_name("DURATION");
  options.swap_command->add_flag("--dry-run", options.dry_run, "show the swap window, store nothing, exit 3");

  options.governor_command = app.add_subcommand(
      "governor", "the shed level the governor has in force and since when (a budget.governor record)");
  MarkReadOnly(*options.governor_command);

  options.rules_command = app.add_subcommand(
      "rules", "the budgets as Prometheus alerting and recording rules (YAML for rule_files): burn-rate pairs "
               "scaled to the window, a threshold alert per threshold");
  options.rules_command->add_flag("--polkit", options.polkit,
                                  "instead, the polkit rule (JavaScript for /etc/polkit-1/rules.d) that lets the evt "
                                  "user start and stop the units runbooks.shed-non-essential's pause and resume "
                                  "commands name, and nothing else");
  MarkReadOnly(*options.rules_command);

  CLI::App* usage = app.add_subcommand("usage", "the usage ledger shared with the site's other boxes");
  usage->require_subcommand(1);
  options.usage_sync_command = usage->add_subcommand(
      "sync", "push this box's usage to the hub (site.hub) and count what the other boxes pushed, as ingest counts "
              "usage records");
  hub::AddSyncFlags(*options.usage_sync_command, options.sync);

  for (CLI::App* command : {options.ingest_command, options.check_command}) {
    command->add_flag("--strict", options.strict,
                      "refuse a record whose id the ledger holds with other usage or outcome (default: keep the "
                      "ledger's, count and warn)");
  }
  for (CLI::App* command : {options.ingest_command, options.status_command, options.check_command,
                            options.report_command, options.swap_command, options.governor_command}) {
    command->add_option("--at", options.at, "take TIME (RFC 3339) as now, for replays and tests")->type_name("TIME");
  }
}

Status Run(const Options& options) {
  if (options.rules_command->parsed()) return RunRules(options);
  EVT_ASSIGN_OR_RETURN(const Settings settings, Resolve(options));
  EVT_ASSIGN_OR_RETURN(Context context, Open(options));
  if (options.ingest_command->parsed()) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    return RunIngest(context, options, options.ingest_inputs, writer);
  }
  if (options.status_command->parsed()) return RunStatus(context, options, settings);
  if (options.check_command->parsed()) return RunCheck(context, options, settings);
  if (options.report_command->parsed()) return RunReport(context, options);
  if (options.swap_command->parsed()) return RunSwap(context, options);
  if (options.governor_command->parsed()) return RunGovernor(context, options);
  if (options.usage_sync_command->parsed()) return RunUsageSync(context, options);
  return Status::Usage("a command is required: ingest, status, check, report, swap, governor, rules or usage");
}

}  // namespace evt::budget
