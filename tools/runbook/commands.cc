// The subcommands' work, between the parsed command line and the core.
#include <stdlib.h>

#include <cstdio>
#include <filesystem>

#include "common/error_record.h"
#include "common/machine_clock.h"
#include "common/state_root.h"
#include "common/json_writer.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/state_dir.h"
#include "common/table.h"
#include "common/time_format.h"
#include "tools/runbook/api_check.h"
#include "tools/runbook/cli.h"

namespace evt::runbook {
namespace {

// The site's config and evt-runbook's settings from it. Runbooks also run
// where there is no config at all (a fresh box, cron): then there are
// only defaults, unless a config was asked for by --config or $EVT_CONFIG.
struct SiteConfig {
  std::optional<Config> config;
  Settings settings;
};

Result<SiteConfig> LoadSiteConfig(const CommonOptions& common) {
  SiteConfig site;
  Result<std::string> path = FindConfigFile(common.config);
  if (!path.ok()) {
    const char* env = std::getenv("EVT_CONFIG");
    bool asked = !common.config.empty() || (env != nullptr && *env != '\0');
    if (asked || path.status().code() != ExitCode::kConfig) return path.status();
    return site;
  }
  Result<Config> config = LoadConfig(*path);
  if (!config.ok()) return config.status();
  Result<Settings> settings = ReadSettings(*config);
  if (!settings.ok()) return settings.status();
  site.config.emplace(std::move(*config));
  site.settings = std::move(*settings);
  return site;
}

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
  return RunRunbook(inputs, *audit, sink, SystemRunEnvironment());
}

Value InfoRecord(const RunbookFile& file, const RunbookHeader& header) {
  Value record = Value::object({{"kind", "runbook.info"}, {"v", 1}, {"ts", FormatRfc3339(MachineClock().Now())},
                                {"name", file.name},     {"path", file.path}, {"hash", file.hash}});
  Value fields = HeaderFields(header);
  for (const auto& [key, value] : fields.as_object()) record.set(key, value);
  return record;
}

std::string ParamsText(const RunbookHeader& header) {
  std::string text;
  for (const ParamSpec& p : header.params) {
    if (!text.empty()) text += ", ";
    text += p.name + (p.required ? "" : "?");
  }
  return text;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

Status ListCommand(const Options& options) {
  Result<SiteConfig> site = LoadSiteConfig(options.common);
  if (!site.ok()) return site.status();
  std::vector<std::string> dirs = SearchDirs(site->settings.dirs);
  bool records = WantRecords(options.common);
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  Table table;
  table.AddColumn("name");
  table.AddColumn("description");
  table.AddColumn("params");
  table.AddColumn("mutates");
  bool broken = false;
  for (const std::string& path : ListRunbookPaths(dirs)) {
    Result<RunbookFile> file = FindRunbook(path, dirs);
    if (!file.ok()) continue;
    Result<RunbookHeader> header = LoadHeader(*file, LibDirs(dirs, file->path));
    if (!header.ok()) {
      PrintWarning(header.status().message());
      broken = true;
      continue;
    }
    if (records) {
      EVT_RETURN_IF_ERROR(writer.Write(InfoRecord(*file, *header)));
    } else {
      table.AddRow({file->name, header->description, ParamsText(*header), Joined(header->mutates)});
    }
  }
  if (records) {
    EVT_RETURN_IF_ERROR(writer.Flush());
  } else {
    std::fputs(table.Render(ColorEnabled(STDOUT_FILENO), 0).c_str(), stdout);
  }
  return broken ? Status::DataErr("") : Status::Ok();
}

Status ShowCommand(const Options& options) {
  Result<SiteConfig> site = LoadSiteConfig(options.common);
  if (!site.ok()) return site.status();
  std::vector<std::string> dirs = SearchDirs(site->settings.dirs);
  Result<RunbookFile> file = FindRunbook(options.show_target, dirs);
  if (!file.ok()) return file.status();
  Result<RunbookHeader> header = LoadHeader(*file, LibDirs(dirs, file->path));
  if (!header.ok()) return header.status();
  if (WantRecords(options.common)) {
    Value record = InfoRecord(*file, *header);
    record.set("source", file->source);
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    return writer.Write(record);
  }
  std::printf("%s: %s\n  path: %s\n  hash: %s\n", file->name.c_str(), header->description.c_str(),
              file->path.c_str(), file->hash.c_str());
  for (const ParamSpec& p : header->params) {
    std::printf("  param %s%s: %s%s\n", p.name.c_str(), p.required ? " (required)" : "", p.description.c_str(),
                p.default_value && !p.secret ? (" [default " + *p.default_value + "]").c_str() : "");
  }
  if (!header->mutates.empty()) std::printf("  mutates: %s\n", Joined(header->mutates).c_str());
  std::printf("  lock: %s\n\n%s", header->lock.value_or(file->name).c_str(), file->source.c_str());
  return Status::Ok();
}

Status CheckCommand(const Options& options) {
  Result<SiteConfig> site = LoadSiteConfig(options.common);
  if (!site.ok()) return site.status();
  std::vector<std::string> dirs = SearchDirs(site->settings.dirs);
  Result<RunbookFile> file = FindRunbook(options.check_target, dirs);
  if (!file.ok()) return file.status();
  std::vector<std::string> problems = CheckRunbook(*file, LibDirs(dirs, file->path));
  for (const std::string& problem : problems) PrintError(problem);
  if (!problems.empty()) return Status::CheckFailed("");
  std::printf("%s: ok\n", file->path.c_str());
  return Status::Ok();
}

Status HistoryCommand(const Options& options) {
  Result<std::string> state_dir = ResolveStateDir(options.common);
  if (!state_dir.ok()) return state_dir.status();
  Result<AuditLog> audit = AuditLog::Open(*state_dir);
  if (!audit.ok()) return audit.status();
  Result<std::vector<RunSummary>> runs =
      audit->History(static_cast<std::size_t>(options.history_limit), options.history_runbook);
  if (!runs.ok()) return runs.status();
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kBuffered);
    for (const RunSummary& run : *runs) {
      Result<std::vector<CallEntry>> calls = audit->Calls(run.start.id);
      if (!calls.ok()) return calls.status();
      EVT_RETURN_IF_ERROR(writer.Write(RunRecord(run, &*calls)));
    }
    return writer.Flush();
  }
  bool color = ColorEnabled(STDOUT_FILENO);
  Table table;
  for (const char* column : {"started", "runbook", "outcome", "ms", "steps", "by", "run"}) table.AddColumn(column);
  for (const RunSummary& run : *runs) {
    std::string outcome = run.end ? run.end->outcome : "unfinished";
    if (run.start.dry_run) outcome += " (dry run)";
    Style style = outcome.starts_with("ok") ? Style::kOk : outcome.starts_with("changes") ? Style::kWarn : Style::kBad;
    table.AddRow({FormatRfc3339(run.start.started_at), run.start.runbook, {outcome, style},
                  run.end ? std::to_string(run.end->duration_ms) : "", std::to_string(run.steps.size()),
                  run.start.user + "@" + run.start.host, run.start.id});
  }
  std::fputs(table.Render(color, 0).c_str(), stdout);
  return Status::Ok();
}

}  // namespace

namespace {

Status RunChosen(Options& options) {
  if (options.run_command->parsed()) return RunCommand(options);
  if (options.list_command->parsed()) return ListCommand(options);
  if (options.show_command->parsed()) return ShowCommand(options);
  if (options.check_command->parsed()) return CheckCommand(options);
  if (options.history_command->parsed()) return HistoryCommand(options);
  return Status::Usage("a command is required: run, list, show, check, history or config check");
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
