// Scrapes one source once: fetch (HTTP pages, or NUT), parse, map, and the
// health of the scrape. A failing source gives up = 0 and its error; it
// never stops the other sources.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/exit_code.h"
#include "tools/scrape/exposition.h"
#include "tools/scrape/scrape_config.h"
#include "tools/scrape/source_fetcher.h"

namespace evt::scrape {

// What the samples of one family share: one copy, not one per sample (an
// exposition has millions of samples and a HELP text on each family).
struct FamilyMeta {
  std::string type = "gauge";
  std::string unit;
  std::string help;
};
std::shared_ptr<const FamilyMeta> MakeMeta(std::string type, std::string unit = "", std::string help = "");

struct OutSample {
  std::string name;
  Labels labels;
  double value = 0;
  std::shared_ptr<const FamilyMeta> meta;
  std::optional<std::int64_t> timestamp_ms;
};

struct ScrapeOutcome {
  std::string source;
  bool up = false;
  std::string error;                  // why up is 0
  ExitCode error_code = ExitCode::kOk;  // the error's kind: Unavailable, DataErr, TempFail
  std::vector<std::string> problems;  // fields missing, values not numbers, repeated series
  std::vector<OutSample> samples;
  double duration_ms = 0;
  int pages = 0;
};

ScrapeOutcome ScrapeSource(const Source& source, const FetchEnv& env);

// Keeps the first sample of every series (name plus labels, in any order),
// reporting each repeat in `problems`.
void DropRepeatedSeries(ScrapeOutcome& outcome);

// Whether a name matches a pattern of exact text with * for any run.
bool GlobMatch(std::string_view pattern, std::string_view name);

}  // namespace evt::scrape
