// The model file evt-detect fit writes and evt-detect run reads: "small
// models pushed to the edge" are parameters and baselines, not weights.
//
//   {"format": 1, "evt_version": "0.1.0",
//    "series": {"<series key>": {"detector": {spec}, "samples": N,
//                                "state": {baselines}}, ...}}
//
// Each series' part is independent, so one file holds any number of
// series. A model whose "format" is newer than kModelFormat is refused with
// DataErr (65): the file is input this build cannot read, and the message
// says which evt wrote it. Every other error is DataErr naming the JSON
// pointer: "model.json: /series/uplink/state/detector/level: missing".
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "common/status.h"
#include "common/value.h"
#include "engine/detect/detector.h"

namespace evt::detect {

inline constexpr std::int64_t kModelFormat = 1;

// One series' part: a detector of `spec` fed `history` in order, and what
// it learned.
Value FitSeries(std::span<const Sample> history, const DetectorSpec& spec);

// The whole file from parts keyed by series.
Value ModelFile(std::map<std::string, Value> series);

struct SeriesModel {
  DetectorSpec spec;
  std::size_t samples = 0;
  Value state;
};

// Reads and checks a model (the whole file). `source` names it in errors.
Result<std::map<std::string, SeriesModel>> LoadModel(const Value& model, std::string_view source);

// A detector that goes on from where the fitted one stopped.
Result<std::unique_ptr<Detector>> DetectorFromModel(const SeriesModel& model);

}  // namespace evt::detect
