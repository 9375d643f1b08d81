// The model file `evt-detect fit` writes and `run --model` reads: for each
// series it saw, the detector spec and the baselines the detector learned
// (Detector::State()), so a box at the edge starts warm. JSON, written
// atomically:
//
//   {"format": "evt-detect model", "version": 1, "fitted_at": "...Z",
//    "series": {"latency{target=\"checkout\"}":
//                 {"spec": {"kind": "robust_z", ...}, "samples": 4320, "state": {...}}}}
//
// A file of a newer version than this evt-detect reads is refused with
// DataErr (exit 65), never half-read: fit it again with this version.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"
#include "engine/detect/detector.h"

namespace evt::detect {

inline constexpr std::int64_t kModelVersion = 1;
inline constexpr std::string_view kModelFormat = "evt-detect model";

struct FittedSeries {
  DetectorSpec spec;
  std::int64_t samples = 0;  // how many samples the baselines were learned from
  Value state;               // Detector::State()
};

struct Model {
  std::string fitted_at;                      // RFC 3339
  std::map<std::string, FittedSeries> series;  // by series key
};

// Parses a model file's text; `name` names it in errors ("model.json:
// /series/x/spec/window: ..."). Errors are DataErr.
Result<Model> ParseModel(std::string_view text, const std::string& name);
Result<Model> ReadModelFile(const std::string& path);
// The model at `path`, or nullopt when there is no file there yet (fit has
// not run): a config may name the file fit will write.
Result<std::optional<Model>> ReadModelIfPresent(const std::string& path);

std::string ModelJson(const Model& model);
Status WriteModelFile(const std::string& path, const Model& model);

}  // namespace evt::detect
