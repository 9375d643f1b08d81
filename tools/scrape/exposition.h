// Prometheus text (exposition format 0.0.4) and OpenMetrics 1.0 text, parsed
// to their specs into families of samples. Both reject an exposition with
// any invalid line as a whole (OpenMetrics requires it; for Prometheus text
// it is what Prometheus itself does with a scrape), naming the line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace evt::scrape {

enum class ExpositionFormat {
  kPrometheus,   // text/plain; version=0.0.4: timestamps in ms
  kOpenMetrics,  // application/openmetrics-text; version=1.0.0: timestamps in s, ends with "# EOF"
};

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  std::string name;  // with its suffix: "http_request_duration_seconds_bucket"
  Labels labels;     // in exposition order
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;  // converted from seconds for OpenMetrics
};

struct Family {
  std::string name;
  std::string type = "untyped";  // OpenMetrics' "unknown" reads as "untyped"
  std::string help;
  std::string unit;
  std::vector<Sample> samples;
};

struct Exposition {
  std::vector<Family> families;
  // "name{labels}" of every series after its first appearance: reported,
  // not fatal, and left out of `families`.
  std::vector<std::string> duplicates;
};

// Parses `text`. `source` names the input in errors, which are DataErr:
//   "router: line 7: label value: expected '\"', got 'x'".
Result<Exposition> ParseExposition(std::string_view text, ExpositionFormat format, std::string_view source);

// The series key for messages: name{a="1",b="2"}, values escaped.
std::string SeriesKey(std::string_view name, const Labels& labels);
void AppendSeriesKey(std::string& key, std::string_view name, const Labels& labels);

}  // namespace evt::scrape
