#include "common/state_root.h"

#include <filesystem>

#include "common/config.h"

namespace evt {
namespace {

std::string EnvOrEmpty(const EnvLookup& env, const char* name) {
  const char* value = env(name);
  return value ? std::string(value) : std::string();
}

// The same directory however it is spelled ("/var/lib/evt/" and "/var/lib/evt").
bool SameDir(std::string a, std::string b) {
  while (a.size() > 1 && a.back() == '/') a.pop_back();
  while (b.size() > 1 && b.back() == '/') b.pop_back();
  return a == b;
}

std::string Overrides(const std::string& who, const std::string& dir, const ConfigStateDir& config) {
  return who + " (" + dir + ") overrides site.state_dir " + config.dir + " of " + config.file +
         "; the site's daemons may use the other store";
}

Result<std::optional<ConfigStateDir>> ConfigSays(const CommonOptions& options, const EnvLookup& env) {
  Result<std::string> file = FindConfigFile(options.config, env);
  if (!file.ok()) {
    // Only the XDG default may be absent: a file the user named must exist.
    if (file.status().code() == ExitCode::kConfig) return std::optional<ConfigStateDir>();
    return file.status();
  }
  Result<Config> config = LoadConfig(*file, env);
  if (!config.ok()) return config.status();
  const Value* site = config->document().find("site");
  const Value* dir = site ? site->find("state_dir") : nullptr;
  if (!dir || !dir->is_string() || dir->as_string().empty()) return std::optional<ConfigStateDir>();
  std::filesystem::path path(dir->as_string());
  if (path.is_relative()) path = std::filesystem::path(config->folder()) / path;
  std::string absolute = path.lexically_normal().string();
  return std::optional<ConfigStateDir>(ConfigStateDir{absolute, *file});
}

}  // namespace

Result<StateRoot> ChooseStateRoot(std::string_view flag, const std::optional<ConfigStateDir>& config,
                                  const EnvLookup& env) {
  const std::string from_env = EnvOrEmpty(env, "EVT_STATE_DIR");
  StateRoot root;
  if (!flag.empty()) {
    root = {std::string(flag), "--state-dir", {}};
  } else if (!from_env.empty()) {
    root = {from_env, "EVT_STATE_DIR", {}};
  } else if (config) {
    return StateRoot{config->dir, "site.state_dir in " + config->file, {}};
  } else {
    Result<std::string> dir = ResolveStateDir("", env);
    if (!dir.ok()) return dir.status();
    std::string xdg = EnvOrEmpty(env, "XDG_STATE_HOME");
    return StateRoot{*dir, !xdg.empty() && xdg[0] == '/' ? "XDG_STATE_HOME" : "HOME (the XDG default)", {}};
  }
  if (config && !SameDir(root.dir, config->dir)) root.warnings.push_back(Overrides(root.why, root.dir, *config));
  if (!flag.empty() && !from_env.empty() && !SameDir(from_env, root.dir)) {
    root.warnings.push_back("--state-dir overrides EVT_STATE_DIR (" + from_env + ")");
  }
  return root;
}

Result<StateRoot> FindStateRoot(const CommonOptions& options, bool explain, const EnvLookup& env) {
  std::optional<ConfigStateDir> config;
  if (explain || (options.state_dir.empty() && EnvOrEmpty(env, "EVT_STATE_DIR").empty())) {
    Result<std::optional<ConfigStateDir>> said = ConfigSays(options, env);
    if (!said.ok()) return said.status();
    config = *said;
  }
  return ChooseStateRoot(options.state_dir, config, env);
}

Result<std::string> ResolveStateDir(const CommonOptions& options, const EnvLookup& env) {
  Result<StateRoot> root = FindStateRoot(options, false, env);
  if (!root.ok()) return root.status();
  return root->dir;
}

}  // namespace evt
