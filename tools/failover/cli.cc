#include "tools/failover/cli.h"

#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "common/state_commands.h"
#include "tools/failover/failover_store.h"

#include "tools/failover/commands.h"
#include "tools/failover/failover_config.h"

namespace evt::failover {
namespace {

CLI::App* AddCommand(CLI::App& app, Options& o, Command command, const char* name, const char* help) {
  CLI::App* sub = app.add_subcommand(name, help);
  sub->parse_complete_callback([&o, command] { o.command = command; });
  return sub;
}

}  // namespace

void BuildCli(CLI::App& app, Options& o) {
  AddCommonOptions(app, o.common);
  AddConfigCheck(app, o.common, CheckFailoverSection);
  AddStateCommands(app, o.common, "failover", [](const std::string& state_dir, TimePoint cutoff) -> Result<std::vector<PrunedRows>> {
    Result<FailoverStore> store = FailoverStore::Open(state_dir);
    if (!store.ok()) return store.status();
    return store->PruneBefore(cutoff);
  });
  app.require_subcommand(1);
  AddCommand(app, o, Command::kDecide, "decide",
             "read probe records on stdin, write failover records: health transitions and switches");
  CLI::App* watch = AddCommand(app, o, Command::kWatch, "watch",
                               "probe the paths' targets in-process and decide continuously (the daemon)");
  watch->add_option("--concurrency", o.concurrency, "at most N probes in flight (default 16)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1024}));
  watch->add_option("--textfile", o.textfile,
                    "rewrite PATH atomically with the Prometheus text after decisions, at most once a second, for "
                    "node_exporter's textfile collector")
      ->type_name("PATH");
  CLI::App* status = AddCommand(app, o, Command::kStatus, "status",
                                "show each path's health, penalty, suppression, and the active path since when");
  MarkReadOnly(*status);
  AddOutputOption(*status, o.format,
                  {OutputForm::kRecords, OutputForm::kTable, OutputForm::kPrometheus, OutputForm::kOpenMetrics},
                  "records, a table, or prometheus or openmetrics text for a textfile collector (default: a table "
                  "on a terminal, else records)");
  status
      ->add_option("--textfile", o.textfile,
                   "write the text (-o prometheus or openmetrics) to PATH atomically, for node_exporter's "
                   "textfile collector, instead of stdout")
      ->type_name("PATH");
  CLI::App* history = AddCommand(app, o, Command::kHistory, "history", "show the recorded transitions and switches");
  MarkReadOnly(*history);
  history->add_option("--limit", o.limit, "the last N entries (default 50)")
      ->type_name("N")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}));
  CLI::App* force = AddCommand(app, o, Command::kForce, "force",
                               "make PATH active whatever its health, until the time is up or `release`");
  force->add_option("PATH", o.path, "the path to force (a name from the config)")->required();
  force->add_option("--for", o.force_for, "how long (default 10m)")->type_name("DURATION");
  CLI::App* release = AddCommand(app, o, Command::kRelease, "release", "end a force; the rules choose again");
  for (CLI::App* sub : {force, release}) {
    sub->add_flag("--wait{10s}", o.wait,
                  "wait until the daemon has acted and show what its actions did; --wait=T waits at most T "
                  "(default 10s), then exits 75")
        ->type_name("T");
    sub->add_flag("--queue", o.queue,
                  "leave the request for the next decide or watch even when none runs on this state now");
    sub->add_flag("--dry-run", o.dry_run, "check and say what would be requested, request nothing; exit 3 if something would be");
  }
  AddRouteCommands(app, o);
  AddModeCommand(app, o);
  AddCanaryCommand(app, o);
}

Status Run(const Options& o) {
  switch (o.command) {
    case Command::kDecide: return RunDecide(o);
    case Command::kWatch: return RunWatch(o);
    case Command::kStatus: return RunStatus(o);
    case Command::kHistory: return RunHistory(o);
    case Command::kForce: return RunForce(o);
    case Command::kRelease: return RunRelease(o);
    case Command::kRouteShow: return RunRouteShow(o);
    case Command::kRouteSet: return RunRouteSet(o);
    case Command::kMode: return RunMode(o);
    case Command::kCanary: return RunCanary(o);
    case Command::kCanaryStatus: return RunCanaryStatus(o);
    case Command::kCanaryAbort: return RunCanaryAbort(o);
    case Command::kNone: break;
  }
  return Status::Usage("a command is required (decide, watch, status, history, force, release, route, mode, canary)");
}

}  // namespace evt::failover
