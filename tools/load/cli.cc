#include "tools/load/cli.h"

#include "tools/load/commands.h"

namespace evt::load {

void BuildCli(CLI::App& app, Options& options) {
  AddCommonOptions(app, options.common);
  app.require_subcommand(1);
  options.run_command = app.add_subcommand("run", "send load on a schedule and print per-second and summary records");
  options.run_command->add_option("url", options.url, "the URL to load")->type_name("URL");
}

Status Run(const Options& options) { return RunLoad(options); }

}  // namespace evt::load
