// What a scrape prints: metric records, or Prometheus/OpenMetrics text for
// node_exporter's textfile collector (written atomically).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/scrape/exposition_writer.h"
#include "tools/scrape/scraper.h"

namespace evt::scrape {

// One sample's `metric` record as JSON, appended to `out` without building
// a Value. `ts` is the record's time, formatted.
struct SampleParts {
  std::string_view name;
  const Labels& labels;
  double value;
  std::string_view type, unit, help;
};
Status AppendSampleJson(std::string& out, const SampleParts& sample, std::string_view source, std::string_view ts);

// The samples' records as JSON lines, then up, scrape_duration_ms and
// samples for the source, in blocks of whole lines (each record with its
// '\n'), `count` records each, so a large exposition is never held whole
// and a writer takes a block at once. `scraped_at` stamps samples without
// their own timestamp.
Status ForEachMetricBlock(const ScrapeOutcome& outcome, TimePoint scraped_at,
                          const std::function<Status(std::string_view lines, std::size_t count)>& each);
// The same records one at a time, without the newline.
Status ForEachMetricRecord(const ScrapeOutcome& outcome, TimePoint scraped_at,
                           const std::function<Status(std::string_view json)>& each);

// Every source's health series, then its samples, added to `writer`, which
// groups them into families without timestamps (the textfile collector
// refuses them), always valid text of the format (exposition_writer.h);
// what had to be left out or renamed is in writer.problems(). OpenMetrics
// ends with "# EOF" and names counter samples with _total. The writer
// spools the lines, so a large exposition is not held in memory.
Status AddExposition(ExpositionWriter& writer, const std::vector<ScrapeOutcome>& outcomes);
// The same text whole, for a caller that needs it in one string.
Result<std::string> ExpositionText(const std::vector<ScrapeOutcome>& outcomes, bool openmetrics,
                                   std::vector<std::string>* problems = nullptr);

}  // namespace evt::scrape
