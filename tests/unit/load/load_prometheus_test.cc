#include <catch2/catch.hpp>

#include <unistd.h>

#include "common/child_process.h"
#include "tools/load/load_prometheus.h"

namespace evt::load {
namespace {

using namespace std::chrono_literals;

RequestOutcome Outcome(std::chrono::microseconds from_intended, std::chrono::microseconds from_sent, long status,
                       ErrorClass error = ErrorClass::kNone) {
  RequestOutcome o;
  o.intended = MicroTime(std::chrono::seconds(1'800'000'000));
  o.done = o.intended + from_intended;
  o.sent = o.done - from_sent;
  o.status = status;
  o.error_class = error;
  return o;
}

struct Run {
  LoadWindow whole;
  LoadWindow last;
};

Run SampleRun() {
  Run run;
  for (int i = 0; i < 98; ++i) run.whole.Add(Outcome(2ms, 2ms, 200));
  run.whole.Add(Outcome(1500ms, 500ms, 200));  // sent a second late: corrected and uncorrected differ
  run.whole.Add(Outcome(3ms, 3ms, 503, ErrorClass::k5xx));
  run.whole.slip.RecordMillis(0.5);
  run.whole.seconds = 10;
  run.last.seconds = 1;
  run.last.target_rate = 150;
  run.last.sent = 149;
  run.last.in_flight = 4;
  return run;
}

TEST_CASE("load prometheus: requests by class, both latencies as summaries, rate and in flight") {
  Run run = SampleRun();
  std::string text = LoadMetricsText(run.whole, run.last, OutputFormat::kPrometheus);
  INFO(text);
  for (const char* line : {
           "# TYPE evt_load_requests_total counter\n",
           "evt_load_requests_total{class=\"2xx\"} 99\n",
           "evt_load_requests_total{class=\"5xx\"} 1\n",
           "# TYPE evt_load_latency_seconds summary\n",
           "evt_load_latency_seconds{corrected=\"true\",quantile=\"0.5\"} 0.002\n",
           "evt_load_latency_seconds{corrected=\"true\",quantile=\"0.999\"} 1.5\n",
           "evt_load_latency_seconds{corrected=\"false\",quantile=\"0.999\"} 0.5\n",
           "evt_load_latency_seconds_count{corrected=\"true\"} 100\n",
           "evt_load_latency_seconds_sum{corrected=\"true\"} 1.699\n",
           "evt_load_slip_seconds{quantile=\"0.99\"} 0.0005\n",
           "evt_load_slip_seconds_count 1\n",
           "evt_load_rate{kind=\"target\"} 150\n",
           "evt_load_rate{kind=\"achieved\"} 149\n",
           "# TYPE evt_load_in_flight gauge\n",
           "evt_load_in_flight 4\n"})
    CHECK_THAT(text, Catch::Contains(line));
  CHECK_THAT(text, !Catch::Contains("# UNIT"));
  CHECK_THAT(text, !Catch::Contains("# EOF"));
}

TEST_CASE("load prometheus: OpenMetrics has units, counter families without _total, and # EOF") {
  Run run = SampleRun();
  std::string text = LoadMetricsText(run.whole, run.last, OutputFormat::kOpenMetrics);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("# TYPE evt_load_requests counter\nevt_load_requests_total{class=\"2xx\"} 99\n"));
  CHECK_THAT(text, Catch::Contains("# UNIT evt_load_latency_seconds seconds\n"));
  CHECK_THAT(text, Catch::EndsWith("evt_load_in_flight 4\n# EOF\n"));
}

// promtool reads the Prometheus form only; OpenMetrics' counter families
// (without _total) read to it as a different metric.
TEST_CASE("load prometheus: promtool accepts the Prometheus text") {
  const char* promtool = "/usr/bin/promtool";
  if (access(promtool, X_OK) != 0) {
    WARN("promtool is not installed (Debian: prometheus); the text was not checked by it");
    return;
  }
  Run run = SampleRun();
  ChildRequest request;
  request.path = promtool;
  request.argv = {"promtool", "check", "metrics"};
  request.stdin_data = LoadMetricsText(run.whole, run.last, OutputFormat::kPrometheus);
  request.deadline = std::chrono::steady_clock::now() + 30s;
  Result<ChildResult> checked = RunChild(request);
  REQUIRE(checked.ok());
  INFO(request.stdin_data << checked->out << checked->err);
  CHECK(checked->exit_code == 0);
  CHECK(checked->err.empty());
  CHECK(checked->out.empty());
}

}  // namespace
}  // namespace evt::load
