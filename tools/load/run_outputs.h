// Where a run's results go: each closed second to stdout as a record, to
// the live view and past the abort rules; each request to --raw; the
// summary as a record or Prometheus text.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "common/json_writer.h"
#include "common/output_mode.h"
#include "common/status.h"
#include "tools/load/abort_rule.h"
#include "tools/load/live_view.h"
#include "tools/load/load_records.h"
#include "tools/load/open_loop.h"

namespace evt::load {

class WindowOutput {
 public:
  // `records`: write load.window records (not with --format prometheus).
  WindowOutput(RecordWriter& out, bool records, std::string target, std::unique_ptr<LiveView> view, AbortRules rules)
      : out_(out), records_(records), target_(std::move(target)), view_(std::move(view)), rules_(std::move(rules)) {}

  void Show(const LoadWindow& w);
  // Why the rules stop the run after `w`; "" when none fired.
  std::string AbortReason(const LoadWindow& w) { return rules_.Observe(w).value_or(""); }
  // The first write error; the run goes on, since its load is already out.
  const Status& status() const { return status_; }
  const LoadWindow& last() const { return last_; }

 private:
  RecordWriter& out_;
  bool records_;
  std::string target_;
  std::unique_ptr<LiveView> view_;
  AbortRules rules_;
  Status status_;
  LoadWindow last_;
};

// --raw: one load.request record per request, written as they complete.
class RawOutput {
 public:
  ~RawOutput();
  Status Open(const std::string& path);  // "" writes nothing
  void Add(const RequestOutcome& o);
  // Flushes and closes; the first error since Open.
  Status Close();

 private:
  std::FILE* file_ = nullptr;
  std::unique_ptr<RecordWriter> writer_;
  std::string path_;
  std::string line_;
  Status status_;
};

// The run in one line for a person who watched the live view:
// "done after 4.0 s: 1200 sent, 0 failed (300.1/s of 300/s, p99 10.1 ms)\n"
// (the p99 from the schedule, as the view shows it).
// On a terminal narrower than the line, it breaks before the figures.
std::string SummaryLine(const RunDescription& description, const LoadWindow& whole_run, int width);

// The load.summary record, or the run as Prometheus/OpenMetrics text.
Status WriteSummary(OutputFormat format, RecordWriter& out, const RunDescription& description,
                    const OpenLoopSummary& summary, const LoadWindow& last);

}  // namespace evt::load
