// Where a run's progress goes: `step` records and the final `runbook`
// record on stdout, or readable lines on a terminal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <functional>

#include "common/json_writer.h"
#include "common/status.h"
#include "common/value.h"

namespace evt::runbook {

class StepSink {
 public:
  virtual ~StepSink() = default;
  // A step began (`record` has run_id, runbook, seq, step).
  virtual void StepStarted(const Value& record) = 0;
  // A `step` record, complete.
  virtual Status StepEnded(const Value& record) = 0;
  // The `runbook` record at the end of the run.
  virtual Status RunEnded(const Value& record) = 0;
  // Runs `write` (a log line, a prompt) with the live view out of its way.
  virtual void Aside(const std::function<void()>& write) { write(); }
  // A runbook's own output (evt.emit): `record`, or `text` for a person.
  virtual Status Emit(const Value& record, const std::string& text) = 0;
};

// Records, flushed one by one.
class RecordSink final : public StepSink {
 public:
  explicit RecordSink(RecordWriter& writer) : writer_(writer) {}
  void StepStarted(const Value&) override {}
  Status StepEnded(const Value& record) override { return writer_.Write(record); }
  Status RunEnded(const Value& record) override { return writer_.Write(record); }
  Status Emit(const Value& record, const std::string&) override { return writer_.Write(record); }

 private:
  RecordWriter& writer_;
};

// The live view on a terminal: the running step on one line with a
// spinner and its time so far, redrawn ten times a second; "✓ name  12 ms"
// or "✗ name  12 ms: why" when it ends, and a summary line, under which the
// run's failure is said only when no step's line has said it already.
class TerminalSink final : public StepSink {
 public:
  TerminalSink(std::FILE* out, bool color);
  ~TerminalSink() override;
  TerminalSink(const TerminalSink&) = delete;
  TerminalSink& operator=(const TerminalSink&) = delete;

  void StepStarted(const Value& record) override;
  Status StepEnded(const Value& record) override;
  Status RunEnded(const Value& record) override;
  void Aside(const std::function<void()>& write) override;
  Status Emit(const Value& record, const std::string& text) override;

  // Whether the view has shown `message`: under the summary, or as the
  // failed step's error it repeats.
  bool Said(const std::string& message) const;

 private:
  struct Running {
    std::string line;  // indent and name
    std::chrono::steady_clock::time_point since;
  };
  void Spin();
  void ClearLocked();
  void DrawLocked();

  std::FILE* out_;
  bool color_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Running> running_;  // innermost last
  bool drawn_ = false;            // the spinner line is on screen
  std::vector<std::string> step_errors_;  // said on the steps' lines
  std::string run_message_;               // said under the summary
  bool stop_ = false;
  int frame_ = 0;
  std::thread spinner_;
};

// Collects records, for tests.
class CollectingSink final : public StepSink {
 public:
  void StepStarted(const Value&) override {}
  Status StepEnded(const Value& record) override {
    steps.push_back(record);
    return Status::Ok();
  }
  Status RunEnded(const Value& record) override {
    run = record;
    return Status::Ok();
  }
  Status Emit(const Value& record, const std::string& text) override {
    emitted.push_back(record);
    texts.push_back(text);
    return Status::Ok();
  }
  std::vector<Value> steps;
  Value run;
  std::vector<Value> emitted;
  std::vector<std::string> texts;
};

}  // namespace evt::runbook
