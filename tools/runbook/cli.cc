#include "tools/runbook/cli.h"

#include "common/command_access.h"
#include "common/error_record.h"
#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/state_commands.h"
#include "tools/runbook/audit_log.h"
#include "tools/runbook/commands.h"

namespace evt::runbook {
namespace {

void AddServeCommands(CLI::App& app, Options& options) {
  options.serve_command = app.add_subcommand(
      "serve", "run runbooks from alerts: Alertmanager's webhook and evt records, under runbook.rules; until SIGTERM");
  options.serve_command
      ->add_option("--listen", options.serve_listen,
                   "ADDR:PORT (default: runbook.serve.listen, else 127.0.0.1:7460; port 0 picks one and says which "
                   "on stderr); off loopback a token or TLS is required")
      ->type_name("ADDR:PORT");
  options.serve_command
      ->add_option("--records", options.serve_records, "also take records from FILE (followed as it grows) or - (stdin)")
      ->type_name("FILE|-");
  options.approve_command = app.add_subcommand("approve", "approve a decision awaiting approval, and run its runbook");
  options.deny_command = app.add_subcommand("deny", "deny a decision awaiting approval: its runbook does not run");
  for (CLI::App* settle : {options.approve_command, options.deny_command}) {
    settle->add_option("id", options.decision_id, "the decision's id (history --pending lists them)")
        ->required()
        ->type_name("ID");
  }
}

}  // namespace

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckRunbookConfig);
  AddStateCommands(app, options.common, "runbook", [](const std::string& state_dir, TimePoint cutoff) -> Result<std::vector<PrunedRows>> {
    Result<AuditLog> log = AuditLog::Open(state_dir);
    if (!log.ok()) return log.status();
    return log->PruneBefore(cutoff);
  });
  app.require_subcommand(1);

  options.run_command = app.add_subcommand("run", "run a runbook (FILE.lua, or NAME from the runbook folders)");
  options.run_command->add_option("runbook", options.run.target, "the runbook: a FILE.lua or a NAME")
      ->required()
      ->type_name("FILE|NAME");
  options.run_command->add_option("--var", options.run.vars, "set a parameter the runbook declares (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  options.run_command->add_flag("--dry-run", options.run.dry_run,
                                "run, but only show what mutating calls would do; exit 3 when changes are pending");
  options.run_command->add_flag("--yes", options.run.yes, "answer yes to every confirmation (needed headless)");
  options.run_command->add_option("--timeout", options.timeout, "end the run after D (default: runbook.timeout, 15m)")
      ->type_name("D");

  options.list_command = app.add_subcommand("list", "list the runbooks: name, description, parameters, what they change");
  options.show_command = app.add_subcommand("show", "show a runbook's header and source");
  options.show_command->add_option("runbook", options.show_target, "the runbook: a FILE.lua or a NAME")
      ->required()
      ->type_name("FILE|NAME");
  options.check_command =
      app.add_subcommand("check", "compile a runbook, validate its header and refuse unknown evt.* calls");
  options.check_command->add_option("runbook", options.check_target, "the runbook: a FILE.lua or a NAME")
      ->required()
      ->type_name("FILE|NAME");
  options.history_command = app.add_subcommand("history", "show the audit trail: the latest runs, newest first");
  options.history_command->add_option("--limit", options.history_limit, "how many runs (default 20)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  options.history_command->add_option("--runbook", options.history_runbook, "only the runs of this runbook")
      ->type_name("NAME");
  options.history_command->add_flag("--decisions", options.history_decisions,
                                    "the dispatcher's decisions instead: why each automatic run happened or did not");
  options.history_command->add_flag("--pending", options.history_pending, "only the decisions awaiting approval");
  options.status_command = app.add_subcommand(
      "status", "the last runs, runs failed in the last 24 hours, decisions awaiting approval, whether serve is alive");
  AddServeCommands(app, options);
  for (CLI::App* reader : {options.list_command, options.show_command, options.check_command, options.history_command,
                           options.status_command}) {
    MarkReadOnly(*reader);
  }
}

namespace {

Status RunChosen(Options& options) {
  if (options.run_command->parsed()) return RunCommand(options);
  if (options.list_command->parsed()) return ListCommand(options);
  if (options.show_command->parsed()) return ShowCommand(options);
  if (options.check_command->parsed()) return CheckCommand(options);
  if (options.history_command->parsed()) return HistoryCommand(options);
  if (options.status_command->parsed()) return StatusCommand(options);
  if (options.serve_command->parsed()) return ServeCommand(options);
  if (options.approve_command->parsed()) return SettleCommand(options, true);
  if (options.deny_command->parsed()) return SettleCommand(options, false);
  return Status::Usage("a command is required: run, list, show, check, history, status, serve, approve, deny or config check");
}

}  // namespace

Status Run(Options& options) {
  Status status = RunChosen(options);
  // A dry run's pending changes are an answer, not an error.
  if (!status.ok() && options.common.errors_as_records && !status.message().empty() &&
      status.code() != ExitCode::kDryRunPending) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    Status written = writer.Write(MakeErrorRecord(ProgramName(), status, MachineClock().Now()));
    (void)written;  // the status below is what the caller needs
  }
  return status;
}

}  // namespace evt::runbook
