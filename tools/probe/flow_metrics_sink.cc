#include "tools/probe/flow_metrics_sink.h"

#include "common/number_text.h"
#include "common/prometheus_text.h"

namespace evt::probe {
namespace {

std::string FlowLabels(const std::string& target, const std::string& flow) {
  return Label("target", target) + "," + Label("flow", flow);
}

double Seconds(TimePoint t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

}  // namespace

Status FlowMetricsSink::OnFlow(const FlowResult& result) {
  last_runs_.insert_or_assign(result.target, result);
  return Publish(false);
}

Status FlowMetricsSink::OnWindow(const FlowTarget& target, const WindowSummary& summary) {
  windows_.insert_or_assign(target.target, Window{target.flow.name, summary});
  return Publish(false);
}

Status FlowMetricsSink::OnEnd() { return Publish(true); }

std::string FlowMetricsSink::Render() const {
  GaugeFamily success{"evt_flow_success", "whether the last run of the flow succeeded", "", {}};
  GaugeFamily duration{"evt_flow_duration_seconds", "the last run's total time", "seconds", {}};
  GaugeFamily last_run{"evt_flow_last_run_timestamp_seconds", "when the last run started", "seconds", {}};
  GaugeFamily step_success{"evt_flow_step_success",
                           "whether the step succeeded in the last run (a step the run skipped has no series)", "", {}};
  GaugeFamily step_duration{"evt_flow_step_duration_seconds", "the step's request time in the last run", "seconds", {}};
  GaugeFamily runs{"evt_flow_window_runs", "runs in the last window", "", {}};
  GaugeFamily failed{"evt_flow_window_failed_runs", "runs that failed in the last window", "", {}};
  GaugeFamily ratio{"evt_flow_window_success_ratio", "the share of runs that succeeded in the last window", "ratio", {}};
  GaugeFamily latency{"evt_flow_window_latency_seconds",
                      "the 50th and 95th percentile of the successful runs' total time in the last window", "seconds", {}};
  GaugeFamily slowest{"evt_flow_window_max_latency_seconds", "the slowest successful run in the last window", "seconds", {}};
  for (const auto& [target, r] : last_runs_) {
    std::string labels = FlowLabels(target, r.flow);
    success.Add(labels, r.ok ? 1 : 0);
    duration.Add(labels, MillisAsSeconds(r.total_ms));
    last_run.Add(labels, Seconds(r.started));
    for (const StepResult& s : r.steps) {
      if (s.outcome == StepOutcome::kSkipped) continue;
      std::string step = labels + "," + Label("step", s.name);
      step_success.Add(step, s.outcome == StepOutcome::kOk ? 1 : 0);
      if (s.probe) step_duration.Add(step, MillisAsSeconds(s.probe->total_ms));
    }
  }
  for (const auto& [target, w] : windows_) {
    std::string labels = FlowLabels(target, w.flow);
    const WindowSummary& s = w.summary;
    runs.Add(labels, static_cast<double>(s.sent));
    failed.Add(labels, static_cast<double>(s.lost));
    ratio.Add(labels, s.sent > 0 ? 1.0 - s.loss : 0.0);
    // `percentile`, not `quantile`, as for probes: the window's own figures.
    if (s.p50_ms) latency.Add(labels + ",percentile=\"50\"", MillisAsSeconds(*s.p50_ms));
    if (s.p95_ms) latency.Add(labels + ",percentile=\"95\"", MillisAsSeconds(*s.p95_ms));
    if (s.max_ms) slowest.Add(labels, MillisAsSeconds(*s.max_ms));
  }
  return RenderGaugeFamilies({&success, &duration, &last_run, &step_success, &step_duration, &runs, &failed, &ratio,
                              &latency, &slowest},
                             format_ == MetricsFormat::kOpenMetrics);
}

Status FlowMetricsSink::Publish(bool at_end) {
  // Without a textfile, stdout gets one exposition: the last state.
  if (textfile_.empty() && !at_end) return Status::Ok();
  return WriteMetrics(textfile_, Render());
}

}  // namespace evt::probe
