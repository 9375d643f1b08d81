// Every series a run has seen, each with its own detector and rule, made
// lazily on its first sample and capped at detect.max_series so a stream
// with ever new targets or labels cannot take the box's memory.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "engine/detect/detector.h"
#include "engine/detect/raise_clear_rule.h"
#include "tools/detect/detect_config.h"
#include "tools/detect/model_file.h"
#include "tools/detect/series_sample.h"

namespace evt::detect {

struct SeriesState {
  SeriesState(const SeriesSample& first, DetectorSpec spec, std::unique_ptr<Detector> detector, const RuleSpec& rule)
      : key(first.key), spec_index(first.spec), target(first.target), labels(first.labels), spec(std::move(spec)),
        detector(std::move(detector)), rule(rule) {}

  std::string key;
  std::size_t spec_index;
  std::string target;
  std::vector<std::pair<std::string, std::string>> labels;
  DetectorSpec spec;
  std::unique_ptr<Detector> detector;
  RaiseClearRule rule;
  std::int64_t samples = 0;  // every sample, missing ones included
  std::int64_t missing = 0;  // absent or null values
  std::int64_t raises = 0;
  double last_value = 0;
  Score last;
};

struct Observed {
  SeriesState* series = nullptr;  // nullptr: the sample's series is over the cap
  Score score;
  Transition edge = Transition::kNone;
};

class SeriesBank {
 public:
  // `model`, when given, holds fitted baselines by series key, which a
  // series starts from instead of a cold detector.
  SeriesBank(const DetectSection& section, const Model* model);

  // Scores `sample` on its series' detector and rule. A series beyond the
  // cap is not made: series is nullptr, and capped() counts it.
  Result<Observed> Observe(const SeriesSample& sample);

  // The series in key order.
  const std::map<std::string, std::unique_ptr<SeriesState>>& series() const { return series_; }
  std::int64_t capped() const { return capped_; }
  std::int64_t max_series() const { return section_.max_series; }

  // The parts of the model fit writes, by series key: every series' spec,
  // sample count and baselines.
  std::map<std::string, Value> ModelParts() const;

 private:
  Result<SeriesState*> Find(const SeriesSample& sample);

  const DetectSection& section_;
  const Model* model_;
  std::map<std::string, std::unique_ptr<SeriesState>> series_;
  std::int64_t capped_ = 0;
};

}  // namespace evt::detect
