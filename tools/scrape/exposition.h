// Prometheus text (exposition format 0.0.4) and OpenMetrics 1.0 text, parsed
// to their specs into families of samples. Both reject an exposition with
// any invalid line as a whole (OpenMetrics requires it; for Prometheus text
// it is what Prometheus itself does with a scrape), naming the line.
#pragma once

#include <cstdint>
#include <memory>
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

// Where a parse hands its families, each once it is complete and checked,
// so a large exposition is never held whole.
class FamilySink {
 public:
  virtual ~FamilySink() = default;
  virtual Status OnFamily(Family& family) = 0;
  // "name{labels}" of a series after its first appearance: reported, not
  // fatal, and left out of the family.
  virtual void OnRepeatedSeries(std::string key) = 0;
};

// Reads an exposition line by line (chunks of a download or a file), with
// the state of one family at a time. Errors are DataErr naming the source
// and line: "router: line 7: label value: expected '\"', got 'x'".
class ExpositionParser {
 public:
  ExpositionParser(ExpositionFormat format, std::string_view source, FamilySink& sink);
  ~ExpositionParser();
  ExpositionParser(const ExpositionParser&) = delete;
  ExpositionParser& operator=(const ExpositionParser&) = delete;

  // One line without its '\n'; `has_newline` is false only for a last
  // line that ends the input without one.
  Status Line(std::string_view line, bool has_newline);
  // The end of the input: closes the last family.
  Status Finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses `text` whole into families. `source` names the input in errors.
Result<Exposition> ParseExposition(std::string_view text, ExpositionFormat format, std::string_view source);

// Parses what `fd` holds from its start, in chunks, into `sink`. Lines over
// `max_line` bytes are refused, and so is a file that holds more than
// `max_bytes` (DataErr "the body is over ... (max_body)").
inline constexpr std::size_t kMaxExpositionLine = 16u << 20;
Status ParseExpositionFile(int fd, ExpositionFormat format, std::string_view source, FamilySink& sink,
                           std::size_t max_line = kMaxExpositionLine, std::uint64_t max_bytes = UINT64_MAX - 1);

// The series key for messages: name{a="1",b="2"}, values escaped.
std::string SeriesKey(std::string_view name, const Labels& labels);
void AppendSeriesKey(std::string& key, std::string_view name, const Labels& labels);
// The same key without the labels named `without` (a bucket's le).
void AppendSeriesKeyWithout(std::string& key, std::string_view name, const Labels& labels, std::string_view without);

}  // namespace evt::scrape
