#include "tools/detect/series_bank.h"

#include <cmath>

namespace evt::detect {

SeriesBank::SeriesBank(const DetectSection& section, const Model* model) : section_(section), model_(model) {}

Result<SeriesState*> SeriesBank::Find(const SeriesSample& sample) {
  auto found = series_.find(sample.key);
  if (found != series_.end()) return found->second.get();
  if (static_cast<std::int64_t>(series_.size()) >= section_.max_series) return nullptr;
  const SeriesSpec& spec = section_.series.at(sample.spec);
  const RuleSpec& rule = section_.rules.at(spec.rule);
  if (model_ != nullptr) {
    if (auto fitted = model_->find(sample.key); fitted != model_->end()) {
      EVT_ASSIGN_OR_RETURN(std::unique_ptr<Detector> detector, LoadDetector(fitted->second.spec, fitted->second.state));
      auto state = std::make_unique<SeriesState>(sample, fitted->second.spec, std::move(detector), rule);
      return series_.emplace(sample.key, std::move(state)).first->second.get();
    }
  }
  const DetectorSpec& detector_spec = section_.models.at(spec.model);
  auto state = std::make_unique<SeriesState>(sample, detector_spec, MakeDetector(detector_spec), rule);
  return series_.emplace(sample.key, std::move(state)).first->second.get();
}

Result<Observed> SeriesBank::Observe(const SeriesSample& sample) {
  Observed out;
  EVT_ASSIGN_OR_RETURN(out.series, Find(sample));
  if (out.series == nullptr) {
    ++capped_;
    return out;
  }
  SeriesState& s = *out.series;
  ++s.samples;
  out.score = s.detector->Update(Sample{sample.time_s, sample.value});
  s.last = out.score;
  // A missing value scores cold, so the rule neither raises nor clears on
  // it: no data during an outage must not read as a recovery.
  if (std::isfinite(sample.value)) s.last_value = sample.value;
  else ++s.missing;
  out.edge = s.rule.Update(out.score);
  if (out.edge == Transition::kRaise) ++s.raises;
  return out;
}

std::map<std::string, Value> SeriesBank::ModelParts() const {
  std::map<std::string, Value> parts;
  for (const auto& [key, s] : series_)
    parts[key] = SeriesPart(s->spec, static_cast<std::size_t>(s->samples - s->missing), *s->detector);
  return parts;
}

}  // namespace evt::detect
