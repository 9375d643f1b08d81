// The declarative mapping from a JSON document to metric samples: a
// selector picks the records, and each metric takes its value and labels
// from every record. A missing field or a value that is not a number is a
// problem reported per metric and field (a metric marked optional may be
// missing quietly), never a silent zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/value.h"
#include "tools/scrape/exposition.h"
#include "tools/scrape/json_path.h"

namespace evt::scrape {

// Paths from @ start at the record the selector picked, paths from $ at the
// root of the document (RFC 9535's current node and root); without a
// selector the two are the same.
struct LabelSpec {
  enum class From { kLiteral, kPath, kKey };
  std::string name;
  From from = From::kLiteral;
  std::string literal;            // kLiteral
  std::optional<JsonPath> path;   // kPath
};

struct MetricSpec {
  std::string name;
  std::optional<JsonPath> path;  // the value
  std::string type = "gauge";    // gauge, counter, untyped
  std::vector<LabelSpec> labels;
  std::vector<std::pair<std::string, double>> values;  // string -> number ("UP" -> 1)
  double scale = 1;                                    // the unit conversion: value * scale
  std::string unit;
  std::string help;
  bool optional = false;
};

struct Mapping {
  std::optional<JsonPath> records;  // absent: the document is the one record
  // The samples' time: an RFC 3339 string or a
  // number of milliseconds since the epoch. Absent: the time of the scrape.
  std::optional<JsonPath> timestamp;
  std::vector<LabelSpec> labels;    // on every metric of the source
  std::vector<MetricSpec> metrics;
};

struct MappedSample {
  const std::string& name() const { return spec->name; }
  Labels labels;
  double value = 0;
  const MetricSpec* spec = nullptr;  // type, unit, help
  std::optional<std::int64_t> timestamp_ms;
};

struct MappingResult {
  std::vector<MappedSample> samples;
  // "router_rsrp_dbm: $.lte.rsrp: missing in record 2"
  std::vector<std::string> problems;
  std::size_t records = 0;
};

// Appends what `mapping` finds in `document` to `result`.
void ApplyMapping(const Mapping& mapping, const Value& document, MappingResult& result);

}  // namespace evt::scrape
