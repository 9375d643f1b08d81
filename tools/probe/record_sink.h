// Results as records on a RecordWriter: one `probe` per attempt and one
// `probe.window` per window, each flushed as it is made.
#pragma once

#include "common/clock.h"
#include "common/json_writer.h"
#include "engine/probe/probe_sink.h"

namespace evt::probe {

class RecordSink final : public ProbeSink {
 public:
  RecordSink(RecordWriter& writer, const Clock& clock) : writer_(writer), clock_(clock) {}
  Status OnProbe(const ProbeResult& result) override;
  Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) override;

 private:
  RecordWriter& writer_;
  const Clock& clock_;
};

// Hands every result to each of two sinks (records and a CDN tally, say).
class TeeSink final : public ProbeSink {
 public:
  TeeSink(ProbeSink& first, ProbeSink& second) : first_(first), second_(second) {}
  Status OnProbe(const ProbeResult& result) override;
  Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) override;
  Status OnEnd() override;

 private:
  ProbeSink& first_;
  ProbeSink& second_;
};

}  // namespace evt::probe
