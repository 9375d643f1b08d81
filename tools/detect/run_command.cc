// `evt-detect run`: records in, anomaly records out when a series' rule
// raises or clears; a table of every series on a terminal; Prometheus text
// with --format or --textfile. With --watch, a service: stdin is read until
// its writer goes away, files are followed as they grow, and a heartbeat
// tells status that it lives.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "common/atomic_file.h"
#include "common/cli_vocabulary.h"
#include "common/clock.h"
#include "common/duration.h"
#include "common/heartbeat.h"
#include "common/json_writer.h"
#include "common/jsonl_reader.h"
#include "common/output_mode.h"
#include "common/process_state.h"
#include "common/state_root.h"
#include "tools/detect/commands.h"
#include "tools/detect/detect_prometheus.h"
#include "tools/detect/detect_setup.h"
#include "tools/detect/input_follower.h"
#include "tools/detect/series_table.h"
#include "tools/detect/stream_scorer.h"

namespace evt::detect {
namespace {

struct RunPlan {
  OutputFormat format = OutputFormat::kRecords;
  bool table = false;  // a terminal, no --json: the series table at the end instead of records
  std::chrono::milliseconds textfile_every{15000};
};

Result<RunPlan> Plan(const Options& o) {
  RunPlan plan;
  EVT_ASSIGN_OR_RETURN(ChosenOutput chosen, ResolveOutput(o.common, o.format));
  plan.format = chosen.metrics.value_or(OutputFormat::kRecords);
  plan.table = !chosen.metrics && !WantRecords(o.common, o.format);
  Result<Duration> every = ParseDuration(o.interval);
  if (!every.ok()) return Status::Usage("--interval: " + every.status().message());
  if (every->count() <= 0) return Status::Usage("--interval: expected a duration above 0");
  plan.textfile_every = std::chrono::duration_cast<std::chrono::milliseconds>(*every);
  return plan;
}

// The textfile's form: OpenMetrics when asked for, Prometheus otherwise
// (records go to stdout beside it).
OutputFormat TextfileFormat(const RunPlan& plan) {
  return plan.format == OutputFormat::kOpenMetrics ? OutputFormat::kOpenMetrics : OutputFormat::kPrometheus;
}

class TextfileTicker {
 public:
  TextfileTicker(const Options& o, const RunPlan& plan, const StreamScorer& scorer, const Clock& clock)
      : path_(o.textfile), plan_(plan), scorer_(scorer), clock_(clock), last_(clock.Monotonic()) {}

  // Rewrites the textfile when --interval has passed since the last write.
  Status Tick() {
    if (path_.empty() || clock_.Monotonic() - last_ < plan_.textfile_every) return Status::Ok();
    return Write();
  }
  Status Write() {
    if (path_.empty()) return Status::Ok();
    last_ = clock_.Monotonic();
    return WriteFileAtomically(path_, DetectMetricsText(scorer_.bank(), TextfileFormat(plan_)));
  }

 private:
  std::string path_;
  const RunPlan& plan_;
  const StreamScorer& scorer_;
  const Clock& clock_;
  std::chrono::steady_clock::time_point last_;
};

// With --textfile the metrics go there, not also to stdout, as evt-budget's
// and evt-scrape's do.
Status PrintEnd(const RunPlan& plan, const StreamScorer& scorer, bool textfile) {
  std::string text;
  if (plan.format != OutputFormat::kRecords) {
    if (!textfile) text = DetectMetricsText(scorer.bank(), plan.format);
  }
  else if (plan.table) text = SeriesTable(scorer.bank(), ColorEnabled(STDOUT_FILENO), TerminalWidth(STDOUT_FILENO));
  if (text.empty()) return Status::Ok();
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    return Status::IoErr("write error: stdout");
  return Status::Ok();
}

}  // namespace

Status RunDetect(const Options& o) {
  EVT_ASSIGN_OR_RETURN(RunPlan plan, Plan(o));
  EVT_ASSIGN_OR_RETURN(Setup setup, LoadSetup(o, /*read_model=*/true));
  SystemClock clock;
  RecordWriter out(stdout, FlushPolicy::kEveryRecord);
  const bool records = plan.format == OutputFormat::kRecords && !plan.table;
  StreamScorer scorer(setup.section, setup.model ? &*setup.model : nullptr,
                      records ? AnomalySink([&](const Value& r) { return out.Write(r); }) : AnomalySink());
  TextfileTicker textfile(o, plan, scorer, clock);
  std::optional<RunBeat> beat;
  if (o.watch) {
    EVT_ASSIGN_OR_RETURN(std::string state_dir, ResolveStateDir(o.common));
    EVT_ASSIGN_OR_RETURN(beat, RunBeat::Start(state_dir, "detect run", true));
  }
  scorer.set_after_record([&] { return textfile.Tick(); });
  InputFollower inputs(o.inputs, o.watch);
  Status status = inputs.ForEach(o.common, out, clock, [&](RecordInput& input, const std::string& name) {
    EVT_RETURN_IF_ERROR(scorer.Consume(input, name));
    return textfile.Tick();  // a followed file's pass ends quiet: the last records still reach the textfile
  });
  if (!status.ok()) return status;
  EVT_RETURN_IF_ERROR(textfile.Write());
  EVT_RETURN_IF_ERROR(PrintEnd(plan, scorer, !o.textfile.empty()));
  if (beat) EVT_RETURN_IF_ERROR(beat->Finish());
  return out.Flush();
}

}  // namespace evt::detect
