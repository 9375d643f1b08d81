// Results as the Prometheus text exposition format (0.0.4, no timestamps),
// which node_exporter's textfile collector reads, or as OpenMetrics 1.0:
// the last attempt and the last window of every target, as gauges.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "engine/probe/probe_sink.h"
#include "tools/probe/metrics_output.h"

namespace evt::probe {

class PrometheusSink final : public ProbeSink {
 public:
  // With a `textfile`, the exposition is written there atomically (a
  // temporary file renamed over it) at most once a second while probing
  // and once at the end; without, to stdout once at the end.
  PrometheusSink(MetricsFormat format, std::string textfile) : format_(format), textfile_(std::move(textfile)) {}
  Status OnProbe(const ProbeResult& result) override;
  Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) override;
  Status OnEnd() override;

  // The exposition as it stands.
  std::string Render() const;

 private:
  Status Publish(bool force);

  MetricsFormat format_;
  std::string textfile_;
  std::map<std::pair<std::string, std::string>, ProbeResult> last_;  // by target, subject
  std::map<std::string, std::pair<CheckType, WindowSummary>> windows_;  // by target
  std::chrono::steady_clock::time_point last_publish_{};
};

}  // namespace evt::probe
