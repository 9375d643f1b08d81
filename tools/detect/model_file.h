// The model file on disk: the engine's model (engine/detect/model.h: its
// format, its version check, its per-series parts) read from a file and
// written to one atomically, so a half-written model is never read at the
// edge. A model from a newer evt-detect is refused with DataErr (65).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/value.h"
#include "engine/detect/detector.h"
#include "engine/detect/model.h"

namespace evt::detect {

using Model = std::map<std::string, SeriesModel>;  // by series key

// A missing file is NoInput (66); anything wrong in it is DataErr (65)
// naming the file and the JSON pointer.
Result<Model> ReadModelFile(const std::string& path);
// The model at `path`, or nullopt when there is no file there yet (fit has
// not run): a config may name the file fit will write.
Result<std::optional<Model>> ReadModelIfPresent(const std::string& path);

// One series' part of a model from a detector that learned it as the
// stream went (fit reads history in constant memory per series, so it
// cannot hand FitSeries the whole history): the same keys FitSeries writes.
Value SeriesPart(const DetectorSpec& spec, std::size_t samples, const Detector& detector);

// `parts` by series key, as ModelFile() lays them out.
Status WriteModelFile(const std::string& path, std::map<std::string, Value> parts);

}  // namespace evt::detect
