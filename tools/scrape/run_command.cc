// `evt-scrape run`: scrape the sources once or every --interval and print
// records, a table or exposition text.
#include <iostream>

#include "common/atomic_file.h"
#include "common/cli_vocabulary.h"
#include "common/error_record.h"
#include "common/heartbeat.h"
#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "tools/scrape/command_context.h"
#include "tools/scrape/commands.h"
#include "tools/scrape/metric_output.h"

namespace evt::scrape {
namespace {

void ReportProblems(const ScrapeOutcome& o) {
  if (!o.up) PrintError(o.error);
  for (const std::string& p : o.problems) PrintWarning(o.source + ": " + p);
}

Status PrintOnce(const Options& options, OutputFormat format, const std::vector<ScrapeOutcome>& outcomes,
                 RecordWriter& writer) {
  if (format != OutputFormat::kRecords) {
    ExpositionWriter text(format == OutputFormat::kOpenMetrics);
    EVT_RETURN_IF_ERROR(AddExposition(text, outcomes));
    for (const std::string& p : text.problems()) PrintWarning(p);
    auto pieces = [&](const std::function<Status(std::string_view)>& out) { return text.WriteTo(out); };
    if (!options.textfile.empty()) return WriteFileAtomically(options.textfile, pieces);
    if (options.common.json) {
      // One JSON string: the only output that holds the text whole.
      EVT_ASSIGN_OR_RETURN(const std::string whole, text.Text());
      return writer.Write(Value::object({{"kind", "metric.text"}, {"v", 1}, {"ts", FormatRfc3339(MachineClock().Now())},
                                         {"format", std::string(OutputFormatName(format))}, {"text", whole}}));
    }
    EVT_RETURN_IF_ERROR(text.WriteTo([](std::string_view piece) {
      std::cout.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      return Status::Ok();
    }));
    std::cout << std::flush;
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
    EVT_RETURN_IF_ERROR(ForEachMetricBlock(o, now, [&](std::string_view lines, std::size_t count) {
      return writer.WriteSerializedLines(lines, count);
    }));
    // A source's records are made at once: one flush per source holds
    // nothing back from a pipe, and spares a write(2) per sample.
    EVT_RETURN_IF_ERROR(writer.Flush());
  }
  return Status::Ok();
}

// How often --watch scrapes; nothing for a single pass. --interval alone
// repeated before --watch existed, and still does for one release
// (doc/design.md §7.2).
Result<std::optional<Duration>> Pace(const Options& options) {
  if (!options.watch && options.interval.empty()) return std::optional<Duration>();
  if (!options.watch) PrintWarning("--interval without --watch is deprecated; use --watch --interval " + options.interval);
  const Result<Duration> parsed = ParseDuration(options.interval.empty() ? "30s" : options.interval);
  if (!parsed.ok()) return Status::Usage("--interval: " + parsed.status().message());
  if (parsed->count() <= 0) return Status::Usage("--interval: expected a duration above 0");
  return std::optional<Duration>(*parsed);
}

}  // namespace

Status RunScrapes(const Options& options) {
  EVT_ASSIGN_OR_RETURN(const ChosenOutput chosen, ResolveOutput(options.common, options.output));
  const OutputFormat format = chosen.metrics.value_or(OutputFormat::kRecords);
  if (!options.textfile.empty() && format == OutputFormat::kRecords) {
    return Status::Usage("--textfile needs -o prometheus or openmetrics");
  }
  EVT_ASSIGN_OR_RETURN(const std::optional<Duration> interval, Pace(options));
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

}  // namespace evt::scrape
