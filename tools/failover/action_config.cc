#include "tools/failover/action_config.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "common/state_dir.h"

namespace evt::failover {
namespace {

bool Executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

Result<std::vector<std::string>> ReadArgv(const ConfigObject& o, std::string_view key) {
  Result<std::vector<std::string>> argv = o.StringArray(key);
  if (!argv.ok()) return argv.status();
  if (argv->empty()) return o.Error(key, "expected a program and its arguments, got an empty array");
  std::optional<std::string> program = FindProgram((*argv)[0], o.origin().folder);
  if (!program)
    return Status::Config(o.Where(key) + "/0: program \"" + (*argv)[0] + "\" not found" +
                          ((*argv)[0].find('/') == std::string::npos ? " on PATH" : ""));
  // A relative path means the config's folder, wherever we run from.
  if ((*argv)[0].find('/') != std::string::npos) (*argv)[0] = *program;
  return argv;
}

Result<ActionSpec> ReadAction(const ConfigObject& o) {
  ActionSpec a;
  if (o.Has("run")) {
    Result<std::vector<std::string>> run = ReadArgv(o, "run");
    if (!run.ok()) return run.status();
    a.run = std::move(*run);
    if (o.Has("template") || o.Has("write") || o.Has("then"))
      return o.Error("run", "give either run, or template and write (with then): not both");
  } else if (o.Has("template")) {
    Result<std::string> tmpl = o.Path("template");
    if (!tmpl.ok()) return tmpl.status();
    if (::access(tmpl->c_str(), R_OK) != 0) return o.Error("template", "cannot read " + *tmpl);
    a.template_file = std::move(*tmpl);
    Result<std::string> write = o.Path("write");
    if (!write.ok()) return write.status();
    a.write = std::move(*write);
    if (o.Has("then")) {
      Result<std::vector<std::string>> then = ReadArgv(o, "then");
      if (!then.ok()) return then.status();
      a.then = std::move(*then);
    }
  } else {
    return o.Error("expected \"run\" (a command) or \"template\" and \"write\"");
  }
  Result<Duration> timeout = o.Duration("timeout", a.timeout);
  if (!timeout.ok()) return timeout.status();
  if (timeout->count() <= 0) return o.Error("timeout", "must be more than 0s");
  if (*timeout > std::chrono::hours(24)) return o.Error("timeout", "must be at most 1d");
  a.timeout = *timeout;
  Result<std::int64_t> retries = o.Int("retries", a.retries);
  if (!retries.ok()) return retries.status();
  if (*retries < 0 || *retries > 100) return o.Error("retries", "expected 0 to 100, got " + std::to_string(*retries));
  a.retries = static_cast<int>(*retries);
  return a;
}

}  // namespace

std::optional<std::string> FindProgram(const std::string& program, const std::string& folder) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos) {
    std::string path = program[0] == '/' ? program : JoinPath(folder, program);
    return Executable(path) ? std::optional(path) : std::nullopt;
  }
  const char* env = std::getenv("PATH");
  std::string_view dirs = env ? env : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    std::string path = JoinPath(dir.empty() ? "." : dir, program);
    if (Executable(path)) return path;
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

Result<std::vector<ActionSpec>> ReadHook(const ConfigObject& path, std::string_view key) {
  Result<std::optional<std::vector<ConfigObject>>> objects = path.OptionalObjectArray(key);
  if (!objects.ok()) return objects.status();
  std::vector<ActionSpec> actions;
  if (!*objects) return actions;
  for (const ConfigObject& o : **objects) {
    Result<ActionSpec> a = ReadAction(o);
    if (!a.ok()) return a.status();
    actions.push_back(std::move(*a));
  }
  return actions;
}

}  // namespace evt::failover
