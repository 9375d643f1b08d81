#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tools/probe/flow_metrics_sink.h"

namespace evt::probe {
namespace {

StepResult Step(const char* name, StepOutcome outcome, std::optional<double> ms) {
  StepResult s;
  s.name = name;
  s.outcome = outcome;
  if (ms) {
    s.probe = ProbeResult{};
    s.probe->total_ms = *ms;
  }
  return s;
}

FlowResult FailedAtPay() {
  FlowResult r;
  r.target = "checkout";
  r.flow = "buy";
  r.run = 3;
  r.started = TimePoint(std::chrono::milliseconds(1796464800250));
  r.ok = false;
  r.failed_step = "pay";
  r.total_ms = 182.5;
  r.steps = {Step("cart", StepOutcome::kOk, 40), Step("pay", StepOutcome::kFailed, 120),
             Step("receipt", StepOutcome::kSkipped, std::nullopt), Step("cancel", StepOutcome::kOk, 22.5)};
  return r;
}

bool Has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

TEST_CASE("flow metrics: the last run, each step that ran, in seconds") {
  FlowMetricsSink sink(MetricsFormat::kPrometheus, "");
  REQUIRE(sink.OnFlow(FailedAtPay()).ok());
  std::string text = sink.Render();
  CHECK(Has(text, "# HELP evt_flow_success whether the last run of the flow succeeded"));
  CHECK(Has(text, "# TYPE evt_flow_success gauge"));
  CHECK(Has(text, "evt_flow_success{target=\"checkout\",flow=\"buy\"} 0"));
  CHECK(Has(text, "evt_flow_duration_seconds{target=\"checkout\",flow=\"buy\"} 0.1825"));
  CHECK(Has(text, "evt_flow_last_run_timestamp_seconds{target=\"checkout\",flow=\"buy\"} 1796464800.25"));
  CHECK(Has(text, "evt_flow_step_success{target=\"checkout\",flow=\"buy\",step=\"pay\"} 0"));
  CHECK(Has(text, "evt_flow_step_success{target=\"checkout\",flow=\"buy\",step=\"cancel\"} 1"));
  CHECK(Has(text, "evt_flow_step_duration_seconds{target=\"checkout\",flow=\"buy\",step=\"cart\"} 0.04"));
  CHECK(text.find("step=\"receipt\"") == std::string::npos);
  CHECK(text.find("evt_flow_window") == std::string::npos);
  CHECK(text.find("# UNIT") == std::string::npos);
  CHECK(text.find("# EOF") == std::string::npos);
}

TEST_CASE("flow metrics: the window's figures, what flow.window carries") {
  FlowMetricsSink sink(MetricsFormat::kOpenMetrics, "");
  FlowTarget target;
  target.target = "check\"out";
  target.flow.name = "buy";
  WindowSummary s;
  s.sent = 10;
  s.lost = 1;
  s.loss = 0.1;
  s.p50_ms = 88.1;
  s.p95_ms = 131.7;
  s.max_ms = 140;
  REQUIRE(sink.OnWindow(target, s).ok());
  std::string text = sink.Render();
  std::string labels = "{target=\"check\\\"out\",flow=\"buy\"";
  CHECK(Has(text, "evt_flow_window_runs" + labels + "} 10"));
  CHECK(Has(text, "evt_flow_window_failed_runs" + labels + "} 1"));
  CHECK(Has(text, "evt_flow_window_success_ratio" + labels + "} 0.9"));
  CHECK(Has(text, "evt_flow_window_latency_seconds" + labels + ",percentile=\"50\"} 0.0881"));
  CHECK(Has(text, "evt_flow_window_latency_seconds" + labels + ",percentile=\"95\"} 0.1317"));
  CHECK(Has(text, "evt_flow_window_max_latency_seconds" + labels + "} 0.14"));
  CHECK(Has(text, "# UNIT evt_flow_window_success_ratio ratio"));
  CHECK(text.ends_with("# EOF\n"));
}

TEST_CASE("flow metrics: no successful run, no latency series") {
  FlowMetricsSink sink(MetricsFormat::kPrometheus, "");
  FlowTarget target;
  target.target = "checkout";
  target.flow.name = "buy";
  WindowSummary s;
  s.sent = 3;
  s.lost = 3;
  s.loss = 1;
  REQUIRE(sink.OnWindow(target, s).ok());
  std::string text = sink.Render();
  CHECK(Has(text, "evt_flow_window_success_ratio{target=\"checkout\",flow=\"buy\"} 0"));
  CHECK(text.find("latency") == std::string::npos);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("flow metrics: a textfile is rewritten after every run") {
  char dir[] = "/tmp/evt-flow-metrics-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  std::string path = std::string(dir) + "/flows.prom";
  FlowMetricsSink sink(MetricsFormat::kPrometheus, path);
  FlowResult run = FailedAtPay();
  REQUIRE(sink.OnFlow(run).ok());
  CHECK(Has(Slurp(path), "evt_flow_success{target=\"checkout\",flow=\"buy\"} 0"));
  run.ok = true;
  run.steps.clear();
  REQUIRE(sink.OnFlow(run).ok());
  std::string second = Slurp(path);
  CHECK(Has(second, "evt_flow_success{target=\"checkout\",flow=\"buy\"} 1"));
  CHECK(second.find("evt_flow_step") == std::string::npos);
  CHECK(second == sink.Render());
  std::remove(path.c_str());
  rmdir(dir);
}

TEST_CASE("flow metrics: a textfile that cannot be written is an I/O error naming it") {
  FlowMetricsSink sink(MetricsFormat::kPrometheus, "/nonexistent-evt-dir/flows.prom");
  Status s = sink.OnFlow(FailedAtPay());
  REQUIRE(!s.ok());
  CHECK(s.code() == ExitCode::kIoErr);
  CHECK(s.message().find("/nonexistent-evt-dir/flows.prom") != std::string::npos);
}

}  // namespace
}  // namespace evt::probe
