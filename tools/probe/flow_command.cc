#include "tools/probe/flow_command.h"

#include "common/cli_vocabulary.h"
#include "common/clock.h"
#include "common/json_writer.h"
#include "common/output_mode.h"
#include "engine/flow/flow_file.h"
#include "tools/probe/flow_metrics_sink.h"
#include "tools/probe/flow_sinks.h"
#include "tools/probe/repeat.h"
#include "tools/probe/target_flows.h"

namespace evt::probe {
namespace {

// Repeating without --interval: once a second, like ping.
constexpr Duration kDefaultRepeatInterval{1000};

Result<std::optional<Duration>> IntervalOption(const Options& o) {
  if (o.interval.empty()) return std::optional<Duration>();
  Result<Duration> d = ParseDuration(o.interval);
  if (!d.ok()) return Status::Usage("--interval: " + d.status().message());
  return std::optional<Duration>(*d);
}

// Records, lines for a person, or Prometheus/OpenMetrics text, as for probes;
// records or lines with a --textfile also get the metrics written there.
Status RunSchedule(const Options& o, FlowSchedule& schedule) {
  EVT_ASSIGN_OR_RETURN(ChosenOutput chosen, ResolveOutput(o.common, o.format));
  const bool metrics_only = chosen.metrics.has_value();
  schedule.window = o.window;
  if (RepeatsUntilStopped(o))
    schedule.count = std::nullopt;
  else
    schedule.count = o.count.value_or(1);
  SystemClock clock;
  RecordWriter writer(stdout, FlushPolicy::kEveryRecord);
  FlowRecordSink records(writer, clock);
  FlowTextSink text(stdout);
  FlowMetricsSink metrics(chosen.metrics == OutputFormat::kOpenMetrics ? MetricsFormat::kOpenMetrics : MetricsFormat::kPrometheus,
                          o.textfile);
  FlowSink& shown = WantRecords(o.common, o.format) ? static_cast<FlowSink&>(records) : text;
  FlowTeeSink shown_and_metrics(shown, metrics);
  FlowSink& sink = metrics_only ? static_cast<FlowSink&>(metrics)
                   : o.textfile.empty()            ? shown
                                                   : shown_and_metrics;
  ProbeEngine engine(clock, 1);
  bool failed = false;
  EVT_RETURN_IF_ERROR(RunFlowSchedule(schedule, clock, engine, sink, &failed));
  if (failed) return Status::CheckFailed("");
  return Status::Ok();
}

}  // namespace

Status RunFlowFiles(const Options& o) {
  Result<std::optional<Duration>> interval = IntervalOption(o);
  if (!interval.ok()) return interval.status();
  FlowSchedule schedule;
  for (const std::string& path : o.subjects) {
    Result<Flow> flow = ReadFlowFile(path);
    if (!flow.ok()) return flow.status();
    FlowTarget t;
    t.target = flow->name;
    t.flow = std::move(*flow);
    t.interval = interval->value_or(kDefaultRepeatInterval);
    schedule.flows.push_back(std::move(t));
  }
  return RunSchedule(o, schedule);
}

Status RunFlowTargets(const Options& o, const std::vector<ConfigTarget>& targets) {
  Result<std::optional<Duration>> interval = IntervalOption(o);
  if (!interval.ok()) return interval.status();
  FlowSchedule schedule;
  for (const ConfigTarget& c : targets) {
    Result<Flow> flow = ReadTargetFlow(c);
    if (!flow.ok()) return flow.status();
    FlowTarget t;
    t.target = c.name;
    t.flow = std::move(*flow);
    if (c.flow_timeout) t.flow.timeout = *c.flow_timeout;
    t.interval = interval->value_or(c.interval);
    schedule.flows.push_back(std::move(t));
  }
  return RunSchedule(o, schedule);
}

}  // namespace evt::probe
