// Feeds arbitrary bytes to evt-scrape's Prometheus text and OpenMetrics
// parsers (the first byte picks which). A refused exposition must be a
// DataErr naming the source; an accepted one must hold only valid UTF-8
// label values, no series twice, and print, whatever its names, as
// Prometheus and OpenMetrics text that parses back: at most the samples
// given plus the three health series, and never a line the parser refuses.
// (A family rule can still fail on reading back when sanitising merged two
// series of a histogram; its line syntax cannot.)
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "tools/scrape/exposition.h"
#include "tools/scrape/exposition_checks.h"
#include "tools/scrape/metric_output.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using evt::scrape::ExpositionFormat;
  ExpositionFormat format = data[0] & 1 ? ExpositionFormat::kOpenMetrics : ExpositionFormat::kPrometheus;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  evt::Result<evt::scrape::Exposition> parsed = evt::scrape::ParseExposition(text, format, "fuzz");
  if (!parsed.ok()) {
    Require(parsed.status().code() == evt::ExitCode::kDataErr);
    Require(parsed.status().message().rfind("fuzz: ", 0) == 0);
    return 0;
  }
  std::set<std::string> series;
  evt::scrape::ScrapeOutcome outcome;
  outcome.source = "f";
  outcome.up = true;
  for (const evt::scrape::Family& family : parsed->families) {
    auto meta = evt::scrape::MakeMeta(family.type, family.unit, family.help, family.name);
    for (const evt::scrape::Sample& sample : family.samples) {
      Require(series.insert(evt::scrape::SeriesKey(sample.name, sample.labels)).second);
      for (const auto& [name, value] : sample.labels) Require(evt::IsValidUtf8(value));
      outcome.samples.push_back({sample.name, sample.labels, sample.value, meta, {}});
    }
  }
  for (bool openmetrics : {false, true}) {
    std::vector<std::string> problems;
    evt::Result<std::string> printed = evt::scrape::ExpositionText({outcome}, openmetrics, &problems);
    Require(printed.ok());  // held samples: nothing to read again that could fail
    ExpositionFormat again_format = openmetrics ? ExpositionFormat::kOpenMetrics : ExpositionFormat::kPrometheus;
    evt::Result<evt::scrape::Exposition> again = evt::scrape::ParseExposition(*printed, again_format, "again");
    if (!again.ok()) {
      Require(again.status().message().rfind("again: line ", 0) != 0);
      continue;
    }
    std::size_t count = 0;
    for (const evt::scrape::Family& family : again->families) count += family.samples.size();
    Require(again->duplicates.empty());
    Require(count <= outcome.samples.size() + 3);
  }
  return 0;
}
