// `evt-runbook run NAME`: run a runbook with its locks, limits and audit
// trail, dry when asked or when the parent run is dry.
#include <stdlib.h>

#include <filesystem>

#include "common/duration.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/state_dir.h"
#include "common/state_root.h"
#include "tools/runbook/command_context.h"
#include "tools/runbook/commands.h"
#include "tools/runbook/audit_log.h"
#include "tools/runbook/runner.h"
#include "tools/runbook/step_sink.h"

namespace evt::runbook {
namespace {

// Tools the runbook starts read the same config and state as evt-runbook.
void ShareWithChildren(const CommonOptions& common, const std::optional<Config>& config,
                       const std::string& state_dir) {
  if (config) {
    std::error_code ec;
    ::setenv("EVT_CONFIG", std::filesystem::absolute(config->path(), ec).c_str(), 1);
  }
  if (!common.state_dir.empty()) ::setenv("EVT_STATE_DIR", state_dir.c_str(), 1);
}

// A dry run's children inherit it: an evt-runbook started under a dry run,
// by evt.tool (which also adds --dry-run), evt.exec or a tool's hook, runs
// dry too.
constexpr const char* kDryRunEnv = "EVT_RUNBOOK_DRY_RUN";

void InheritDryRun(RunOptions& run) {
  const char* inherited = std::getenv(kDryRunEnv);
  if (inherited != nullptr && std::string_view(inherited) == "1") run.dry_run = true;
  if (run.dry_run) ::setenv(kDryRunEnv, "1", 1);
}

}  // namespace

Status RunCommand(Options& options) {
  InheritDryRun(options.run);
  if (!options.timeout.empty()) {
    Result<Duration> timeout = ParseDuration(options.timeout);
    if (!timeout.ok()) return Status::Usage("--timeout: " + timeout.status().message());
    options.run.timeout = *timeout;
  }
  Result<SiteConfig> site = LoadSiteConfig(options.common);
  if (!site.ok()) return site.status();
  Result<std::string> state_dir = ResolveStateDir(options.common);
  if (!state_dir.ok()) return state_dir.status();
  std::vector<std::string> dirs = SearchDirs(site->settings.dirs);
  Result<RunbookFile> file = FindRunbook(options.run.target, dirs);
  if (!file.ok()) return file.status();
  Result<AuditLog> audit = AuditLog::Open(*state_dir);
  if (!audit.ok()) return audit.status();
  ShareWithChildren(options.common, site->config, *state_dir);

  RunInputs inputs{*file, options.run, site->settings, site->config ? &*site->config : nullptr,
                   LibDirs(dirs, file->path), *state_dir};
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  RecordSink records(writer);
  TerminalSink terminal(stdout, ColorEnabled(STDOUT_FILENO));
  StepSink& sink = WantRecords(options.common) ? static_cast<StepSink&>(records) : terminal;
  Status ran = RunRunbook(inputs, *audit, sink, SystemRunEnvironment());
  // The live view has said why the run failed, on the failed step's line or
  // under its summary: the same terminal need not read it again on stderr.
  if (!ran.ok() && &sink == &terminal && terminal.Said(ran.message()) && IsTerminal(STDERR_FILENO)) {
    return Status::WithCode(ran.code(), "");
  }
  return ran;
}

}  // namespace evt::runbook
