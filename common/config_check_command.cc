#include "common/config_check_command.h"

#include <memory>
#include <string>
#include <utility>

#include "common/command_access.h"

namespace evt {
namespace {

// Everything wrong with a config is "bad config", whichever layer found it,
// except a config file that is not there at all.
Status AsConfigError(const Status& status) {
  if (status.ok() || status.code() == ExitCode::kConfig || status.code() == ExitCode::kNoInput) return status;
  return Status::Config(status.message());
}

}  // namespace

ConfigCheckCommand::ConfigCheckCommand(CLI::App* parent, const CommonOptions& options,
                                       ConfigSectionCheck check_section, EnvLookup env)
    : CLI::App("check the config file, this tool's section of it and the files that names; do nothing else", "check",
               parent),
      options_(options),
      check_section_(std::move(check_section)),
      env_(std::move(env)) {}

Status ConfigCheckCommand::Run(std::ostream& out) const {
  Result<std::string> path = FindConfigFile(options_.config, env_);
  if (!path.ok()) return AsConfigError(path.status());
  Result<Config> config = LoadConfig(*path, env_);
  if (!config.ok()) return AsConfigError(config.status());
  EVT_RETURN_IF_ERROR(AsConfigError(check_section_(*config)));
  out << *path << ": ok\n";
  return Status::Ok();
}

void AddConfigCheck(CLI::App& app, CommonOptions& options, ConfigSectionCheck check_section) {
  AddConfigCheck(app, options, std::move(check_section), SystemEnv);
}

void AddConfigCheck(CLI::App& app, CommonOptions& options, ConfigSectionCheck check_section, EnvLookup env) {
  CLI::App* config = app.add_subcommand("config", "work with the config file");
  config->require_subcommand(1);
  CLI::App* check = config->add_subcommand(
      std::make_shared<ConfigCheckCommand>(config, options, std::move(check_section), std::move(env)));
  MarkReadOnly(*check);
  LetSubcommandsFallThrough(app);
}

Status NamedFileError(std::string_view where, const Status& loaded) {
  if (loaded.ok()) return loaded;
  return Status::Config(std::string(where) + ": " + loaded.message());
}

const ConfigCheckCommand* ChosenConfigCheck(const CLI::App& app) {
  for (const CLI::App* chosen : app.get_subcommands()) {
    if (auto* check = dynamic_cast<const ConfigCheckCommand*>(chosen)) return check;
    if (const ConfigCheckCommand* nested = ChosenConfigCheck(*chosen)) return nested;
  }
  return nullptr;
}

}  // namespace evt
