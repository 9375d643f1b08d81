// Results as records on a RecordWriter: one `probe` per attempt and one
// `probe.window` per window, flushed before the run waits (BeforeWait),
// so the writer may buffer (FlushPolicy::kBuffered) a burst of them
// (doc/design.md §3.6).
#pragma once

#include <string>
#include <utility>

#include "common/clock.h"
#include "common/json_writer.h"
#include "engine/probe/probe_sink.h"

namespace evt::probe {

class RecordSink final : public ProbeSink {
 public:
  // `origin`, when not empty, names the box probing in every probe record.
  RecordSink(RecordWriter& writer, const Clock& clock, std::string origin = "")
      : writer_(writer), clock_(clock), origin_(std::move(origin)) {}
  Status OnProbe(const ProbeResult& result) override;
  Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) override;
  Status BeforeWait() override { return writer_.Flush(); }
  Status OnEnd() override { return writer_.Flush(); }

 private:
  RecordWriter& writer_;
  const Clock& clock_;
  std::string origin_;
};

// Hands every result to each of two sinks (records and a CDN tally, say).
class TeeSink final : public ProbeSink {
 public:
  TeeSink(ProbeSink& first, ProbeSink& second) : first_(first), second_(second) {}
  Status OnProbe(const ProbeResult& result) override;
  Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) override;
  Status BeforeWait() override;
  Status OnEnd() override;

 private:
  ProbeSink& first_;
  ProbeSink& second_;
};

}  // namespace evt::probe
