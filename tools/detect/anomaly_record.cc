#include "tools/detect/anomaly_record.h"

#include <chrono>
#include <cmath>

#include "common/time_format.h"

namespace evt::detect {
namespace {

Value Labels(const SeriesSample& sample) {
  Value labels = Value::object();
  for (const auto& [name, value] : sample.labels) labels.set(name, value);
  return labels;
}

// Scores and ranges to 4 significant places: more says nothing and makes
// records harder to read.
double Rounded(double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, 3 - std::floor(std::log10(std::fabs(v))));
  return std::round(v * scale) / scale;
}

}  // namespace

std::string SampleTs(double time_s) {
  return FormatRfc3339(TimePoint(std::chrono::milliseconds(std::llround(time_s * 1000))));
}

Value AnomalyRecord(const SeriesSample& sample, const SeriesSpec& spec, const RuleSpec& rule, const Observed& observed) {
  const SeriesState& s = *observed.series;
  Value r = Value::object({{"kind", "anomaly"}, {"v", 1}, {"ts", SampleTs(sample.time_s)}});
  r.set("series", s.key);
  r.set("name", spec.name);
  if (!sample.target.empty()) r.set("target", sample.target);
  if (!sample.labels.empty()) r.set("labels", Labels(sample));
  r.set("source", Value::object({{"kind", spec.kind}, {"field", spec.field}}));
  r.set("state", observed.edge == Transition::kRaise ? "raise" : "clear");
  r.set("value", sample.value);
  r.set("score", Rounded(observed.score.score));
  r.set("detector", std::string(s.detector->Kind()));
  if (std::isfinite(observed.score.expected_low) && std::isfinite(observed.score.expected_high)) {
    r.set("expected", Value::object({{"low", Rounded(observed.score.expected_low)},
                                      {"high", Rounded(observed.score.expected_high)}}));
  }
  const std::string above = std::to_string(rule.raise_count) + " of the last " + std::to_string(rule.raise_window) +
                            " scores above " + std::to_string(rule.raise_above).substr(0, 4);
  const std::string below = std::to_string(rule.clear_after) + " scores in a row below " +
                            std::to_string(rule.clear_below).substr(0, 4);
  r.set("reason", observed.edge == Transition::kRaise ? above : below);
  r.set("samples", s.samples);
  return r;
}

}  // namespace evt::detect
