// `run` and `test`: load the config, scrape, print.
#include <unistd.h>

#include <iostream>

#include "common/error_record.h"
#include "common/heartbeat.h"
#include "common/machine_clock.h"
#include "common/state_root.h"
#include "common/json_writer.h"
#include "common/process_state.h"
#include "common/state_dir.h"
#include "common/table.h"
#include "tools/scrape/cli.h"
#include "tools/scrape/metric_output.h"
#include "tools/scrape/render.h"
#include "tools/scrape/scrape_config.h"

namespace evt::scrape {
namespace {

constexpr int kTableWidth = 120;

struct Loaded {
  ScrapeConfig config;
  std::optional<SessionStore> store;
  std::string state_dir;
};

Result<Loaded> Load(const Options& options) {
  EVT_ASSIGN_OR_RETURN(std::string path, FindConfigFile(options.common.config));
  EVT_ASSIGN_OR_RETURN(Config config, LoadConfig(path));
  EVT_ASSIGN_OR_RETURN(ScrapeConfig scrape, ReadScrapeConfig(config));
  Loaded loaded{std::move(scrape), std::nullopt, ""};
  EVT_ASSIGN_OR_RETURN(loaded.state_dir, ResolveStateDir(options.common));
  EVT_ASSIGN_OR_RETURN(SessionStore store, SessionStore::Open(loaded.state_dir));
  loaded.store.emplace(std::move(store));
  return loaded;
}

Result<std::vector<const Source*>> Chosen(const ScrapeConfig& config, const std::vector<std::string>& names) {
  std::vector<const Source*> out;
  std::string known;
  for (const Source& s : config.sources) known += (known.empty() ? "" : ", ") + s.name;
  if (config.sources.empty()) return Status::Config("scrape.sources: no sources in the config");
  if (names.empty()) {
    for (const Source& s : config.sources) out.push_back(&s);
    return out;
  }
  for (const std::string& name : names) {
    auto it = std::find_if(config.sources.begin(), config.sources.end(), [&](const Source& s) { return s.name == name; });
    if (it == config.sources.end()) return Status::Usage("no source named \"" + name + "\" in scrape.sources (known: " + known + ")");
    out.push_back(&*it);
  }
  return out;
}

Result<FetchEnv> MakeEnv(HttpClient& http, Loaded& loaded, const Options& options) {
  FetchEnv env{http, loaded.store ? &*loaded.store : nullptr, options.insecure,
               [](std::chrono::milliseconds d) { return SleepUnlessStopRequested(d); }, ""};
  if (options.render) {
    EVT_ASSIGN_OR_RETURN(env.renderer, FindRenderer());
  }
  return env;
}

void ReportProblems(const ScrapeOutcome& o) {
  if (!o.up) PrintError(o.error);
  for (const std::string& p : o.problems) PrintWarning(o.source + ": " + p);
}

std::string HumanValue(const OutSample& s) {
  Result<std::string> json = ToJson(Value(s.value));
  return json.ok() ? *json : "?";
}

std::string LabelText(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

void PrintTable(const std::vector<ScrapeOutcome>& outcomes) {
  Table t;
  t.AddColumn("source");
  t.AddColumn("metric");
  t.AddColumn("labels");
  t.AddColumn("value", Align::kRight);
  for (const ScrapeOutcome& o : outcomes) {
    Status read = ForEachSample(o, [&](const OutSample& s) {
      t.AddRow({o.source, s.name, LabelText(s.labels), HumanValue(s)});
      return Status::Ok();
    });
    if (!read.ok()) PrintError(read.message());
    t.AddRow({o.source, "up", "", {o.up ? "1" : "0", o.up ? Style::kOk : Style::kBad}});
  }
  std::cout << t.Render(ColorEnabled(STDOUT_FILENO), kTableWidth);
}

Status PrintOnce(const Options& options, OutputFormat format, const std::vector<ScrapeOutcome>& outcomes,
                 RecordWriter& writer) {
  if (format != OutputFormat::kRecords) {
    std::vector<std::string> problems;
    EVT_ASSIGN_OR_RETURN(const std::string text, ExpositionText(outcomes, format == OutputFormat::kOpenMetrics, &problems));
    for (const std::string& p : problems) PrintWarning(p);
    if (!options.textfile.empty()) return WriteFileAtomically(options.textfile, text);
    if (options.common.json) {
      return writer.Write(Value::object({{"kind", "metric.text"}, {"v", 1}, {"ts", FormatRfc3339(MachineClock().Now())},
                                         {"format", std::string(OutputFormatName(format))}, {"text", text}}));
    }
    std::cout << text << std::flush;
    return Status::Ok();
  }
  if (!WantRecords(options.common)) {
    PrintTable(outcomes);
    return Status::Ok();
  }
  TimePoint now = MachineClock().Now();
  for (const ScrapeOutcome& o : outcomes) {
    if (!o.up && options.common.errors_as_records) {
      EVT_RETURN_IF_ERROR(writer.Write(MakeErrorRecord("evt-scrape", Status::WithCode(o.error_code, o.error), now, o.source)));
    }
    EVT_RETURN_IF_ERROR(ForEachMetricRecord(o, now, [&](std::string_view json) { return writer.WriteSerialized(json); }));
    // A source's records are made at once: one flush per source holds
    // nothing back from a pipe, and spares a write(2) per sample.
    EVT_RETURN_IF_ERROR(writer.Flush());
  }
  return Status::Ok();
}

Status RunScrapes(const Options& options) {
  EVT_ASSIGN_OR_RETURN(const OutputFormat format, ParseOutputFormat(options.format));
  if (!options.textfile.empty() && format == OutputFormat::kRecords) {
    return Status::Usage("--textfile needs --format prometheus or openmetrics");
  }
  std::optional<Duration> interval;
  if (!options.interval.empty()) {
    Result<Duration> parsed = ParseDuration(options.interval);
    if (!parsed.ok()) return Status::Usage("--interval: " + parsed.status().message());
    if (parsed->count() <= 0) return Status::Usage("--interval: expected a duration above 0");
    interval = *parsed;
  }
  EVT_ASSIGN_OR_RETURN(Loaded loaded, Load(options));
  EVT_ASSIGN_OR_RETURN(const std::vector<const Source*> sources, Chosen(loaded.config, options.sources));
  std::unique_ptr<HttpClient> http = MakeCurlClient();
  EVT_ASSIGN_OR_RETURN(const FetchEnv env, MakeEnv(*http, loaded, options));
  RecordWriter writer(stdout, FlushPolicy::kBuffered);
  Result<RunBeat> beat = RunBeat::Start(loaded.state_dir, "scrape", interval.has_value());
  if (!beat.ok()) return beat.status();
  bool any_failed = false;
  while (true) {
    std::vector<ScrapeOutcome> outcomes;
    for (const Source* source : sources) {
      if (StopRequested()) break;
      outcomes.push_back(ScrapeSource(*source, env));
      ReportProblems(outcomes.back());
      any_failed = any_failed || !outcomes.back().up;
    }
    EVT_RETURN_IF_ERROR(PrintOnce(options, format, outcomes, writer));
    if (!interval || StopRequested()) break;
    if (!SleepUnlessStopRequested(std::chrono::duration_cast<std::chrono::milliseconds>(*interval))) break;
  }
  EVT_RETURN_IF_ERROR(beat->Finish());
  if (any_failed) return Status::CheckFailed("");
  return Status::Ok();
}

Status RunTest(const Options& options) {
  EVT_ASSIGN_OR_RETURN(Loaded loaded, Load(options));
  EVT_ASSIGN_OR_RETURN(const std::vector<const Source*> source, Chosen(loaded.config, {options.test_source}));
  std::unique_ptr<HttpClient> http = MakeCurlClient();
  EVT_ASSIGN_OR_RETURN(const FetchEnv env, MakeEnv(*http, loaded, options));
  ScrapeOutcome outcome = ScrapeSource(*source.front(), env);
  if (WantRecords(options.common)) {
    RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
    EVT_RETURN_IF_ERROR(ForEachMetricRecord(outcome, MachineClock().Now(), [&](std::string_view json) { return writer.WriteSerialized(json); }));
  } else {
    PrintTable({outcome});
    std::cout << outcome.source << ": " << (outcome.up ? "up" : "DOWN: " + outcome.error) << ", " << SampleCount(outcome)
              << " samples from " << outcome.pages << " page(s), " << outcome.problems.size() << " problem(s)\n";
    for (const std::string& p : outcome.problems) std::cout << "  missed: " << p << "\n";
  }
  for (const std::string& p : outcome.problems) PrintWarning(outcome.source + ": " + p);
  if (!outcome.up) return Status::CheckFailed(outcome.error);
  return outcome.problems.empty() ? Status::Ok() : Status::CheckFailed("");
}

}  // namespace

Status Run(const Options& options) {
  if (options.test_command && options.test_command->parsed()) return RunTest(options);
  if (options.map_command && options.map_command->parsed()) return RunMap(options);
  return RunScrapes(options);
}

}  // namespace evt::scrape
