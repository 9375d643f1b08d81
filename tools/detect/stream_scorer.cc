#include "tools/detect/stream_scorer.h"

#include "common/messages.h"
#include "tools/detect/anomaly_record.h"

namespace evt::detect {

StreamScorer::StreamScorer(const DetectSection& section, const Model* model, AnomalySink sink)
    : section_(section), extractor_(section.series), bank_(section, model), sink_(std::move(sink)) {}

Status StreamScorer::ScoreSample(const SeriesSample& sample) {
  EVT_ASSIGN_OR_RETURN(Observed observed, bank_.Observe(sample));
  if (observed.series == nullptr) {
    if (!warned_of_cap_) {
      PrintWarning("more than " + std::to_string(bank_.max_series()) + " series; " + sample.key +
                   " and every later new series are not scored (detect.max_series raises the cap)");
      warned_of_cap_ = true;
    }
    return Status::Ok();
  }
  if (observed.edge == Transition::kNone || !sink_) return Status::Ok();
  const SeriesSpec& spec = section_.series[sample.spec];
  return sink_(AnomalyRecord(sample, spec, section_.rules.at(spec.rule), observed));
}

Status StreamScorer::Score(const Value& record) {
  samples_.clear();
  EVT_RETURN_IF_ERROR(extractor_.Extract(record, samples_));
  for (const SeriesSample& sample : samples_) EVT_RETURN_IF_ERROR(ScoreSample(sample));
  return Status::Ok();
}

Status StreamScorer::Consume(RecordInput& input, const std::string& name) {
  while (true) {
    EVT_ASSIGN_OR_RETURN(std::optional<JsonlRecord> record, input.Next());
    if (!record) return Status::Ok();
    const Value* kind = record->value.find("kind");
    if (kind == nullptr || !kind->is_string() || !extractor_.Takes(kind->as_string())) {
      input.Ignore(record->value);
      continue;
    }
    Status scored = Score(record->value);
    if (!scored.ok() && scored.code() != ExitCode::kDataErr) return scored;
    if (!scored.ok()) EVT_RETURN_IF_ERROR(input.Reject(scored.Prefixed(name + ":" + std::to_string(record->line))));
    if (after_record_) EVT_RETURN_IF_ERROR(after_record_());
  }
}

}  // namespace evt::detect
