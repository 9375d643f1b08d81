// From a record to the samples of the configured series (doc/design.md §14):
// a series spec names a record kind, the string fields it must match and
// the numeric field it reads; one spec fans out over targets and labels, so
// each (name, target, labels) is a series of its own with its own detector.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/detect/detect_config.h"

namespace evt::detect {

struct SeriesSample {
  std::size_t spec = 0;  // index into the specs the extractor was built with
  // name{target="checkout",ups="kit1"}: the name, the record's target and
  // its labels in sorted order, quoted as Prometheus quotes label values.
  std::string key;
  std::string target;                                        // "" when the record has none
  std::vector<std::pair<std::string, std::string>> labels;  // sorted by name
  double time_s = 0;                                         // the record's ts, epoch seconds
  double value = 0;  // NaN: the field is absent or null (a gap the detector sees)
};

class SeriesExtractor {
 public:
  explicit SeriesExtractor(std::vector<SeriesSpec> specs);

  // Whether any series reads records of `kind`.
  bool Takes(std::string_view kind) const;

  // Appends to `out` a sample for every spec that matches `record`. A field
  // of the wrong type (a string where a number belongs) or a bad ts is
  // DataErr naming the field: "\"total_ms\": expected a number or a
  // boolean, got a string".
  Status Extract(const Value& record, std::vector<SeriesSample>& out) const;

  const std::vector<SeriesSpec>& specs() const { return specs_; }

 private:
  std::vector<SeriesSpec> specs_;
};

// `name` with its target and labels as Prometheus writes a series:
// name{target="t",k="v"}, or name alone without either.
std::string SeriesKey(std::string_view name, std::string_view target,
                      const std::vector<std::pair<std::string, std::string>>& labels);

}  // namespace evt::detect
