// The loop run and fit share: records in, samples of the configured series
// out, each scored on its series' detector and rule; what a rule raises or
// clears goes to the sink as an anomaly record.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/record_input.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/detect/series_bank.h"
#include "tools/detect/series_sample.h"

namespace evt::detect {

using AnomalySink = std::function<Status(const Value& record)>;

class StreamScorer {
 public:
  // `sink` may be empty (fit): edges are then not written.
  StreamScorer(const DetectSection& section, const Model* model, AnomalySink sink);

  // Reads `input` to its end (or a stop). A record of a kind no series
  // reads is tallied as ignored; a bad field is handled per --on-error
  // through input.Reject, named "NAME:LINE: \"field\": what".
  Status Consume(RecordInput& input, const std::string& name);

  // The next record, for callers that read records themselves.
  Status Score(const Value& record);

  const SeriesBank& bank() const { return bank_; }

  // Called after every record Consume reads (run --watch rewrites its
  // textfile from it when its interval has passed).
  void set_after_record(std::function<Status()> after) { after_record_ = std::move(after); }

 private:
  Status ScoreSample(const SeriesSample& sample);

  const DetectSection& section_;
  SeriesExtractor extractor_;
  SeriesBank bank_;
  AnomalySink sink_;
  std::function<Status()> after_record_;
  std::vector<SeriesSample> samples_;  // reused: one record's samples
  bool warned_of_cap_ = false;
};

}  // namespace evt::detect
