// The `detect` section of the config (doc/design.md §14): which numeric
// fields of which records make a series, the raise/clear rules over the
// detectors' scores, and the named detector specs.
//
//   "detect": {
//     "series": [{"name": "latency", "kind": "probe", "match": {"target": "checkout"},
//                 "field": "total_ms", "model": "latency", "rule": "default"}],
//     "rules":  {"default": {"raise_above": 0.5, "raise_count": 3, "raise_window": 5,
//                            "clear_below": 0.3, "clear_after": 5}},
//     "models": {"latency": {"kind": "robust_z", "window": 64}},
//     "model_file": "detect-model.json",
//     "max_series": 1000}
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/status.h"
#include "engine/detect/detector.h"
#include "engine/detect/raise_clear_rule.h"

namespace evt::detect {

// The most series one run keeps, whatever the config says: each holds a
// detector of at most 2 KB, so this bounds a run at about 200 MB.
inline constexpr std::int64_t kMaxSeriesBound = 100000;
inline constexpr std::int64_t kDefaultMaxSeries = 1000;

struct SeriesSpec {
  std::string name;  // what anomaly records call it, before the target and labels
  std::string kind;  // the record kind it reads: "probe", "flow", "metric", ...
  // Top-level string fields a record must have, with these values.
  std::vector<std::pair<std::string, std::string>> match;
  std::string field;  // a number or a boolean (1/0); "a.b" reads b inside a
  std::string model = "default";
  std::string rule = "default";
};

struct DetectSection {
  std::vector<SeriesSpec> series;
  std::map<std::string, RuleSpec> rules;      // always holds "default" (raise_clear_rule.h)
  std::map<std::string, DetectorSpec> models;  // always holds "default" (detector.h)
  std::optional<std::string> model_file;    // resolved against the config's folder
  std::string model_file_where;             // "event.json: /detect/model_file", for errors in the file
  std::int64_t max_series = kDefaultMaxSeries;
};

// Reads the section strictly: unknown keys, a series naming a model or rule
// that is not there, bad detector or rule parameters (the engine's
// ParseDetectorSpec and ParseRuleSpec) are config errors (exit 78) naming
// the file and the JSON pointer.
Result<DetectSection> ReadDetectSection(const Config& config);

}  // namespace evt::detect
