#include "tools/evt/cli.h"

#include "common/command_access.h"
#include "tools/evt/commands.h"
#include "tools/evt/serve_settings.h"

namespace evt::front {

namespace {

void BuildServe(CLI::App& app, Options& options) {
  options.serve_command = app.add_subcommand(
      "serve", "the status page, /healthz and /metrics over HTTP, read-only; loopback unless a token or TLS guards it");
  MarkReadOnly(*options.serve_command);
  options.serve_command->add_option("--listen", options.listen,
                                    "ADDR:PORT to listen on (default: evt.serve.listen, else 127.0.0.1:7480; port 0 picks "
                                    "one and says which on stderr); off loopback a token or TLS is required")
      ->type_name("ADDR:PORT");
  options.serve_command->add_option("--textfiles", options.textfiles,
                                    "Prometheus textfiles to merge into /metrics: a file, or a folder's evt-*.prom "
                                    "(repeatable; default: evt.serve.textfiles, else /var/lib/prometheus/node-exporter)")
      ->type_name("PATH");
}

void BuildStatus(CLI::App& app, Options& options) {
  options.status_command = app.add_subcommand(
      "status", "the whole site on one screen: paths, daemons, the hold, budgets, queues, gates, runbooks");
  MarkReadOnly(*options.status_command);
  options.status_command->add_flag("--watch", options.watch, "redraw the screen in place every --interval until stopped");
  options.status_command->add_option("--interval", options.interval, "the pace of --watch (default 2s)")
      ->type_name("DURATION");
  options.status_command->add_option("--timeout", options.timeout, "how long each tool's status may take (default 2s)")
      ->type_name("DURATION");
}

}  // namespace

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckEvtSection);
  app.require_subcommand(1);
  app.footer("Any other COMMAND runs evt-COMMAND with the rest of the arguments: evt failover status.");
  BuildStatus(app, options);

  options.doctor_command = app.add_subcommand(
      "doctor", "does this shell see the site as its daemons do: config, state root, user, fresh timers, readable files");
  MarkReadOnly(*options.doctor_command);

  options.hold_command = app.add_subcommand(
      "hold", "hands off: hold every loop that acts on its own, site-wide, while a person works");
  options.hold_command->add_option("--for", options.hold_for, "how long the hold lasts unless released (\"30m\")")
      ->type_name("DURATION")
      ->required();
  options.hold_command->add_option("--reason", options.hold_reason, "what the person is doing, shown by every status")
      ->type_name("TEXT")
      ->required();

  BuildServe(app, options);

  options.release_command =
      app.add_subcommand("release", "end the site-wide hold; the loops act on their own again");
}

Status Run(const Options& options) {
  if (options.status_command->parsed()) return RunStatus(options);
  if (options.doctor_command->parsed()) return RunDoctor(options);
  if (options.hold_command->parsed()) return RunHold(options);
  if (options.release_command->parsed()) return RunRelease(options);
  if (options.serve_command->parsed()) return RunServe(options);
  return Status::Usage("a command is required (status, doctor, hold, release, or a tool)");
}

}  // namespace evt::front
