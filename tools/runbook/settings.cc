#include "tools/runbook/settings.h"

#include <regex>

#include "common/config_check_command.h"
#include "common/config_value.h"
#include "tools/runbook/api_check.h"
#include "tools/runbook/runbook_file.h"
#include "tools/runbook/trigger_rules_vet.h"

namespace evt::runbook {
namespace {

// The shipped notify-oncall runbook reads no settings of its own: a
// webhook put under runbooks.notify-oncall would page nobody.
Status CheckNotifyOncall(const ConfigObject& runbooks) {
  const Value* entry = runbooks.Raw("notify-oncall");
  if (entry == nullptr || !entry->is_object() || entry->as_object().empty()) return Status::Ok();
  return runbooks.Error("notify-oncall", "\"" + entry->as_object().front().first +
                                             "\": notify-oncall has no settings of its own; its transports are "
                                             "/runbook/notify (" + kNotifyTransports + ")");
}

Status CheckNamedRunbook(const std::string& name, const std::vector<std::string>& search_dirs) {
  Result<RunbookFile> file = FindRunbook(name, search_dirs);
  if (!file.ok()) return file.status();
  std::vector<std::string> problems = CheckRunbook(*file, LibDirs(search_dirs, file->path));
  if (problems.empty()) return Status::Ok();
  std::string more = problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : "";
  return Status::DataErr(problems.front() + more);
}

}  // namespace

Result<Settings> ReadSettings(const Config& config) {
  Result<ConfigObject> section = config.Section("runbook");
  if (!section.ok()) return section.status();
  Settings settings;
  if (const Value* dirs = section->Raw("dirs")) {
    Result<std::vector<std::string>> names = ConfigStringArray(*dirs, section->Where("dirs"));
    if (!names.ok()) return names.status();
    for (std::size_t i = 0; i < names->size(); ++i) {
      Result<std::string> path =
          ConfigPath(Value((*names)[i]), section->Where("dirs") + "/" + std::to_string(i), config.folder());
      if (!path.ok()) return path.status();
      settings.dirs.push_back(*path);
    }
  }
  Result<std::vector<std::string>> allow = section->StringArray("allow_exec", {});
  if (!allow.ok()) return allow.status();
  settings.allow_exec = *allow;
  Result<std::vector<std::string>> secret_env = section->StringArray("secret_env", {});
  if (!secret_env.ok()) return secret_env.status();
  static const std::regex kEnvName("[A-Za-z_][A-Za-z0-9_]*");
  for (std::size_t i = 0; i < secret_env->size(); ++i) {
    if (!std::regex_match((*secret_env)[i], kEnvName)) {
      return section->Error("secret_env", "[" + std::to_string(i) + "]: \"" + (*secret_env)[i] +
                                              "\" is not an environment variable's name");
    }
  }
  settings.secret_env = std::move(*secret_env);
  Result<Duration> timeout = section->Duration("timeout", settings.timeout);
  if (!timeout.ok()) return timeout.status();
  settings.timeout = *timeout;
  Result<std::int64_t> memory = section->Int("memory_limit_mb", settings.memory_limit_mb);
  if (!memory.ok()) return memory.status();
  if (*memory < 1 || *memory > 4096) return section->Error("memory_limit_mb", "expected 1 to 4096");
  settings.memory_limit_mb = *memory;
  Result<std::int64_t> instructions = section->Int("max_instructions", settings.max_instructions);
  if (!instructions.ok()) return instructions.status();
  if (*instructions < 1000) return section->Error("max_instructions", "expected at least 1000");
  settings.max_instructions = *instructions;
  Result<Duration> grace = section->Duration("kill_grace", settings.kill_grace);
  if (!grace.ok()) return grace.status();
  settings.kill_grace = *grace;
  Result<NotifySettings> notify = ReadNotifySettings(*section);
  if (!notify.ok()) return notify.status();
  settings.notify = std::move(*notify);
  EVT_ASSIGN_OR_RETURN(settings.serve, ReadServeSettings(*section));
  EVT_ASSIGN_OR_RETURN(settings.triggers, ReadTriggerRules(*section));
  EVT_RETURN_IF_ERROR(section->Finish());

  Result<ConfigObject> runbooks = config.Section("runbooks");
  if (!runbooks.ok()) return runbooks.status();
  for (const std::string& name : runbooks->Keys()) {
    const Value* entry = runbooks->Raw(name);
    if (!entry->is_object()) return runbooks->Error(name, "expected an object, got " + std::string(entry->type_name()));
  }
  EVT_RETURN_IF_ERROR(CheckNotifyOncall(*runbooks));
  return settings;
}

Status CheckRunbookConfig(const Config& config) {
  Result<Settings> settings = ReadSettings(config);
  if (!settings.ok()) return settings.status();
  Result<ConfigObject> runbooks = config.Section("runbooks");
  if (!runbooks.ok()) return runbooks.status();
  std::vector<std::string> search_dirs = SearchDirs(settings->dirs);
  for (const std::string& name : runbooks->Keys()) {
    EVT_RETURN_IF_ERROR(NamedFileError(runbooks->Where(name), CheckNamedRunbook(name, search_dirs)));
  }
  return VetTriggerRules(settings->triggers, DefaultTriggerVetter(settings->dirs));
}

}  // namespace evt::runbook
