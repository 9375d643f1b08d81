// What a scrape prints: metric records, or Prometheus/OpenMetrics text for
// node_exporter's textfile collector (written atomically).
#pragma once

#include <string>
#include <vector>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/scrape/scraper.h"

namespace evt::scrape {

// One sample's record; `scraped_at` when the sample has no time of its own.
Value SampleRecord(const OutSample& sample, const std::string& source, TimePoint scraped_at);

// SampleRecord's JSON, appended to `out` without building a Value: for
// `map`'s loop. `ts` is the record's time, formatted.
struct SampleParts {
  std::string_view name;
  const Labels& labels;
  double value;
  std::string_view type, unit, help;
};
Status AppendSampleJson(std::string& out, const SampleParts& sample, std::string_view source, std::string_view ts);

// The samples' records, then up, scrape_duration_ms and samples for the
// source. `scraped_at` stamps samples without their own timestamp.
std::vector<Value> MetricRecords(const ScrapeOutcome& outcome, TimePoint scraped_at);

// Every source's samples and health series grouped into families, without
// timestamps (the textfile collector refuses them). OpenMetrics ends with
// "# EOF" and names counter samples with _total.
std::string ExpositionText(const std::vector<ScrapeOutcome>& outcomes, bool openmetrics);

// Writes `text` to PATH.tmp.<pid> beside `path`, fsyncs, and renames it
// over `path`, so a reader sees the old file or the new one, never half.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace evt::scrape
