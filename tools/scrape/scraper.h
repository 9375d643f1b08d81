// Scrapes one source once: fetch (HTTP pages, or NUT), parse, map, and the
// health of the scrape. A failing source gives up = 0 and its error; it
// never stops the other sources.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/exit_code.h"
#include "tools/scrape/exposition.h"
#include "tools/scrape/scrape_config.h"
#include "tools/scrape/source_fetcher.h"
#include "tools/scrape/spooled_exposition.h"

namespace evt::scrape {

// What the samples of one family share: one copy, not one per sample (an
// exposition has millions of samples and a HELP text on each family).
struct FamilyMeta {
  std::string type = "gauge";
  std::string unit;
  std::string help;
  std::string family;  // the name the source gave the family; "" when it is the sample's
};
std::shared_ptr<const FamilyMeta> MakeMeta(std::string type, std::string unit = "", std::string help = "",
                                           std::string family = "");

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
  std::vector<OutSample> samples;     // JSON, HTML and NUT sources
  std::shared_ptr<const SpooledExposition> spooled;  // Prometheus sources: read again when printed
  double duration_ms = 0;
  int pages = 0;
};

std::size_t SampleCount(const ScrapeOutcome& outcome);
// Each sample of the outcome, held or spooled. Reading a spooled body again
// can fail (IoErr), which ends the walk.
Status ForEachSample(const ScrapeOutcome& outcome, const std::function<Status(const OutSample&)>& each);

ScrapeOutcome ScrapeSource(const Source& source, const FetchEnv& env);

// Keeps the first sample of every series (name plus labels, in any order),
// reporting each repeat in `problems`.
void DropRepeatedSeries(ScrapeOutcome& outcome);

// Whether a name matches a pattern of exact text with * for any run.
bool GlobMatch(std::string_view pattern, std::string_view name);

}  // namespace evt::scrape
