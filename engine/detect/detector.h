// Streaming anomaly detectors over one numeric series (evt-detect; doc/design.md §14).
//
// A Detector sees one sample at a time, in time order, and scores it against
// what it has seen before: never a later sample, never the whole series'
// range (NAB hands its detectors inputMin/inputMax of the whole file; ours do
// not take them). Its state is fixed-size, at most kMaxStateBytes, whatever
// the length of the series, and one update costs a few hundred nanoseconds
// (tests/bench/detect_cost.sh measures it).
//
// Missing data and gaps, the same for every kind (GuardedDetector):
//  - a NaN or infinite value is missing: it scores 0, is not learned, and
//    does not count towards warm-up;
//  - a sample that arrives more than `gap_intervals` usual intervals after the
//    one before it starts a re-warm: the next `warmup` samples are learned
//    but score 0 (warm = false), so what changed while nobody looked is
//    learned as the new normal rather than raised as a spike. A level shift
//    across a gap is therefore not raised; one within the stream is.
//
// Rest, as CAD-OSE does it: a score is reported only when none of the last
// `rest` scores (reported or not) reached `rest_above`; else it is 0
// (default: no rest). Where no raise/clear rule turns scores into episodes
// (NAB scores every row), this reports an episode once.
//
// Scores are in [0, 1]; a detector that is not warm yet scores 0.
#pragma once

#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/config_object.h"
#include "common/status.h"
#include "common/value.h"

namespace evt::detect {

// The bound every detector's state keeps, asserted by the unit tests.
inline constexpr std::size_t kMaxStateBytes = 2048;

struct Sample {
  double time_s = 0;  // epoch seconds; non-decreasing along a series
  double value = 0;   // NaN: missing
};

struct Score {
  double score = 0;  // 0..1: how unlikely this sample is given the past
  // The range the detector expected this sample in (NaN when it has no
  // view yet, or none that is a range: relative_entropy).
  double expected_low = NAN;
  double expected_high = NAN;
  bool warm = false;  // false while warming up; score is then 0
};

class Detector {
 public:
  virtual ~Detector() = default;
  // Scores `sample` from the past, then learns it.
  virtual Score Update(const Sample& sample) = 0;
  // "robust_z", "holt", "relative_entropy", "contextual".
  virtual std::string_view Kind() const = 0;
  // sizeof the whole state, fixed at construction; <= kMaxStateBytes.
  virtual std::size_t StateBytes() const = 0;
  // The learned baselines, as a JSON object a model file keeps and
  // LoadDetector reads back.
  virtual Value State() const = 0;
  // Restores what State() wrote; DataErr naming the field on a bad one.
  virtual Status LoadState(const Value& state) = 0;
};

// A detector and its parameters, as the config (`detect.models`) or a model
// file names them. Only the parameters of `kind` are read; the others are
// left for ConfigObject::Finish to name as unknown.
struct DetectorSpec {
  std::string kind = "robust_z";
  // Every kind.
  std::size_t warmup = 32;     // samples learned before the first score
  double gap_intervals = 10;   // a gap longer than this many usual intervals re-warms
  std::size_t rest = 0;        // scores forced to 0 within `rest` of one of rest_above or more
  double rest_above = 0.75;
  // A sample within `min_change` (in the series' own unit) of the usual
  // level scores 0, whatever its z: on a quiet link a 5 ms blip is many
  // spreads wide and still nobody's incident. 0: no floor (NAB's runs).
  double min_change = 0;
  // robust_z: median and MAD over a ring of `window` samples, recomputed
  // every `refresh` samples; between, the level follows an EWMA (`alpha`).
  std::size_t window = 64;
  std::size_t refresh = 8;
  double alpha = 0.05;
  // holt: level smoothing `alpha` (shared), trend smoothing `beta`, the
  // residual's scale an EWMA with `scale_alpha`.
  double beta = 0.05;
  double scale_alpha = 0.02;
  // relative_entropy: histograms of `window` samples in `bins` bins,
  // matched against at most `hypotheses` remembered ones at chi-square
  // significance `significance`.
  std::size_t bins = 5;
  std::size_t hypotheses = 8;
  double significance = 0.001;
  // contextual: `levels` value levels, contexts of `context` past levels.
  std::size_t levels = 8;
  std::size_t context = 3;
};

// The kinds MakeDetector knows, in the order docs list them.
inline constexpr std::string_view kDetectorKinds[] = {"robust_z", "holt", "relative_entropy", "contextual",
                                                     "contextual_entropy"};

// Reads a spec from `object` (a config or model object): "kind" (required)
// and the parameters of that kind, checked for range. Config (78) errors
// name the key: "event.json: /detect/models/0/window: expected 8..128".
Result<DetectorSpec> ParseDetectorSpec(const ConfigObject& object);

// The spec's parameters as a JSON object ParseDetectorSpec reads back.
Value SpecToValue(const DetectorSpec& spec);

// REQUIRES: spec came from ParseDetectorSpec or has the defaults of a kind
// in kDetectorKinds. Never null.
std::unique_ptr<Detector> MakeDetector(const DetectorSpec& spec);

// A detector with the baselines a model file stored (Detector::State()).
Result<std::unique_ptr<Detector>> LoadDetector(const DetectorSpec& spec, const Value& state);

}  // namespace evt::detect
