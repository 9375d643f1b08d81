// Flow results as Prometheus text (0.0.4) or OpenMetrics 1.0: per flow
// target the last run (success, time, each step) and the figures of the last
// flow.window record, as gauges. Rewritten after every run with a
// --textfile, so node_exporter's collector always has the newest run.
#pragma once

#include <map>
#include <string>

#include "tools/probe/flow_schedule.h"
#include "tools/probe/metrics_output.h"

namespace evt::probe {

class FlowMetricsSink final : public FlowSink {
 public:
  // Without a `textfile`, the exposition goes to stdout once, at the end.
  FlowMetricsSink(MetricsFormat format, std::string textfile) : format_(format), textfile_(std::move(textfile)) {}
  Status OnFlow(const FlowResult& result) override;
  Status OnWindow(const FlowTarget& target, const WindowSummary& summary) override;
  Status OnEnd() override;

  // The exposition as it stands.
  std::string Render() const;

 private:
  struct Window {
    std::string flow;
    WindowSummary summary;
  };
  Status Publish(bool at_end);

  MetricsFormat format_;
  std::string textfile_;
  std::map<std::string, FlowResult> last_runs_;  // by target
  std::map<std::string, Window> windows_;        // by target
};

}  // namespace evt::probe
