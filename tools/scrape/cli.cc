#include "tools/scrape/cli.h"

#include "common/cli_vocabulary.h"
#include "common/command_access.h"
#include "common/state_commands.h"

#include "tools/scrape/commands.h"
#include "tools/scrape/scrape_config.h"

namespace evt::scrape {
namespace {

Status CheckSection(const Config& config) { return ReadScrapeConfig(config).status(); }

void AddFetchOptions(CLI::App* command, Options& options) {
  command->add_flag("--insecure", options.insecure, "do not verify TLS certificates (a device with a self-signed one)");
  command->add_flag("--render", options.render,
                    "fetch HTML sources through a headless Chromium (--dump-dom), for pages whose data exists only "
                    "after their scripts ran; fails clearly when none is installed");
}

}  // namespace

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  AddConfigCheck(app, options.common, CheckSection);
  // Sessions and cursors, one row per source: nothing grows to prune.
  AddStateCommands(app, options.common, "scrape", nullptr);
  app.require_subcommand(1);
  options.run_command = app.add_subcommand("run", "scrape the sources (all, or those named) and print metric records");
  options.run_command->add_option("source", options.sources, "a source in scrape.sources; all when none is named")
      ->type_name("SOURCE");
  options.run_command->add_flag("--watch", options.watch, "scrape again every --interval until stopped");
  options.run_command->add_option("--interval", options.interval, "the pace of --watch (default 30s)")
      ->type_name("DURATION");
  AddOutputOption(*options.run_command, options.output,
                  {OutputForm::kRecords, OutputForm::kPrometheus, OutputForm::kOpenMetrics},
                  "records (the default), prometheus or openmetrics text");
  options.run_command->add_option("--textfile", options.textfile,
                                  "write the text (-o prometheus or openmetrics) to PATH atomically, for "
                                  "node_exporter's textfile collector, instead of stdout")
      ->type_name("PATH");
  AddFetchOptions(options.run_command, options);
  options.test_command = app.add_subcommand("test", "scrape one source once and show what its mapping finds and misses");
  options.test_command->add_option("source", options.test_source, "the source in scrape.sources")
      ->type_name("SOURCE")
      ->required();
  AddFetchOptions(options.test_command, options);
  options.map_command = app.add_subcommand(
      "map", "apply a source's mapping to each JSON object of a JSON Lines input (an export, a log) and print metric records");
  options.map_command->add_option("source", options.map_source, "the source in scrape.sources whose mapping to apply")
      ->type_name("SOURCE")
      ->required();
  options.map_command->add_option("input", options.map_input, "the JSON Lines file; - or none for standard input")
      ->type_name("FILE");
  // run and test log in and keep cookie jars and cursors; map only reads its input.
  MarkReadOnly(*options.map_command);
  options.agent_config_command = app.add_subcommand(
      "agent-config", "the Prometheus agent config (YAML) for scrape.agent: scrape this box's exporters and remote-write "
                      "to the hub's Prometheus, for a box nobody can scrape (behind CGNAT on a 5G slice)");
  MarkReadOnly(*options.agent_config_command);
}

Status Run(const Options& options) {
  if (options.test_command && options.test_command->parsed()) return RunTest(options);
  if (options.map_command && options.map_command->parsed()) return RunMap(options);
  if (options.agent_config_command && options.agent_config_command->parsed()) return RunAgentConfig(options);
  return RunScrapes(options);
}

}  // namespace evt::scrape
