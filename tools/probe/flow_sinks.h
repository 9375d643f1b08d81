// Where flow results go: `flow`/`flow.window` records, or one line per run
// for a person at a terminal.
#pragma once

#include <cstdio>

#include "common/clock.h"
#include "common/json_writer.h"
#include "tools/probe/flow_schedule.h"

namespace evt::probe {

class FlowRecordSink final : public FlowSink {
 public:
  FlowRecordSink(RecordWriter& writer, const Clock& clock) : writer_(writer), clock_(clock) {}
  Status OnFlow(const FlowResult& result) override;
  Status OnWindow(const FlowTarget& target, const WindowSummary& summary) override;

 private:
  RecordWriter& writer_;
  const Clock& clock_;
};

// "checkout  run 1  ok  182.4 ms  catalog 20.1  cart 40.3  pay 60.0"
// "checkout  run 2  FAIL at pay: expected status 2xx, got 500  (cancel ok)"
class FlowTextSink final : public FlowSink {
 public:
  explicit FlowTextSink(std::FILE* out) : out_(out) {}
  Status OnFlow(const FlowResult& result) override;
  Status OnWindow(const FlowTarget& target, const WindowSummary& summary) override;

 private:
  std::FILE* out_;
};

// Every result to both sinks, the first first.
class FlowTeeSink final : public FlowSink {
 public:
  FlowTeeSink(FlowSink& first, FlowSink& second) : first_(first), second_(second) {}
  Status OnFlow(const FlowResult& result) override;
  Status OnWindow(const FlowTarget& target, const WindowSummary& summary) override;
  Status OnEnd() override;

 private:
  FlowSink& first_;
  FlowSink& second_;
};

}  // namespace evt::probe
