// `evt-scrape map SOURCE [FILE]`: a source's mapping applied to every object
// of a JSON Lines input, offline: the same records a scrape would give,
// without the health series.
#include <sys/stat.h>
#include <unistd.h>

#include "common/config.h"
#include "common/jsonl_reader.h"
#include "common/json_writer.h"
#include "common/machine_clock.h"
#include "common/messages.h"
#include "tools/scrape/cli.h"
#include "tools/scrape/commands.h"
#include "tools/scrape/metric_output.h"
#include "tools/scrape/scrape_config.h"

namespace evt::scrape {
namespace {

// Problems are shown one per line up to this many, then only counted, so a
// big input with one field missing everywhere does not drown stderr.
constexpr std::size_t kProblemsShown = 10;

// A pipe or terminal is flushed after every input line, so a live feed is
// never held back; a file is written in big blocks.
bool InputIsLive(int fd) {
  struct stat st;
  return fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
}

Result<const Source*> MappedSource(const ScrapeConfig& config, const std::string& name) {
  for (const Source& s : config.sources) {
    if (s.name != name) continue;
    if (s.kind != SourceKind::kJson && s.kind != SourceKind::kHtml) {
      return Status::Usage("source \"" + name + "\" has no mapping: map takes a url source with metrics");
    }
    return &s;
  }
  return Status::Usage("no source named \"" + name + "\" in scrape.sources");
}

}  // namespace

Status RunMap(const Options& options) {
  Result<std::string> path = FindConfigFile(options.common.config);
  if (!path.ok()) return path.status();
  Result<Config> config = LoadConfig(*path);
  if (!config.ok()) return config.status();
  Result<ScrapeConfig> scrape = ReadScrapeConfig(*config);
  if (!scrape.ok()) return scrape.status();
  Result<const Source*> source = MappedSource(*scrape, options.map_source);
  if (!source.ok()) return source.status();
  Result<JsonlReader> reader = JsonlReader::Open(options.map_input);
  if (!reader.ok()) return reader.status();
  bool live = options.map_input == "-" ? InputIsLive(STDIN_FILENO) : false;
  RecordWriter writer(stdout, live ? FlushPolicy::kEveryRecord : FlushPolicy::kBuffered);
  std::size_t problems = 0, skipped = 0;
  const std::string& name = (*source)->name;
  MappingResult mapped;
  std::string json, ts;
  std::int64_t ts_ms = 0;
  while (true) {
    Result<std::optional<JsonlRecord>> next = reader->Next();
    if (!next.ok()) {
      if (next.status().code() != ExitCode::kDataErr || options.common.on_error == OnError::kFail) return next.status();
      PrintWarning(next.status().message());
      ++skipped;
      continue;
    }
    if (!*next) break;
    mapped.samples.clear();
    mapped.problems.clear();
    ApplyMapping((*source)->mapping, (*next)->value, mapped);
    for (MappedSample& s : mapped.samples) {
      std::int64_t ms = s.timestamp_ms ? *s.timestamp_ms : MachineClock().Now().time_since_epoch().count();
      if (ms != ts_ms || ts.empty()) {
        ts_ms = ms;
        ts = FormatRfc3339(TimePoint(std::chrono::milliseconds(ms)));
      }
      json.clear();
      Status appended = AppendSampleJson(json, {s.name(), s.labels, s.value, s.spec->type, s.spec->unit, s.spec->help}, name, ts);
      if (!appended.ok()) return appended.Prefixed(reader->name() + ":" + std::to_string((*next)->line));
      EVT_RETURN_IF_ERROR(writer.WriteSerialized(json));
    }
    for (const std::string& problem : mapped.problems) {
      if (++problems <= kProblemsShown) PrintWarning(reader->name() + ":" + std::to_string((*next)->line) + ": " + problem);
    }
  }
  EVT_RETURN_IF_ERROR(writer.Flush());
  if (problems > kProblemsShown) PrintWarning(std::to_string(problems) + " mapping problems in all (the first " +
                                              std::to_string(kProblemsShown) + " shown)");
  if (skipped) PrintWarning(std::to_string(skipped) + " bad lines skipped");
  return problems ? Status::CheckFailed("") : Status::Ok();
}

}  // namespace evt::scrape
