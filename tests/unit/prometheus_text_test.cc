#include "common/prometheus_text.h"

#include <cmath>

#include <catch2/catch.hpp>

namespace evt {
namespace {

TEST_CASE("prometheus text: a label value escapes backslash, quote and newline only", "[prometheus]") {
  CHECK(EscapeLabelValue("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  CHECK(EscapeLabelValue("tab\there\r") == "tab\there\r");
  CHECK(EscapeLabelValue("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(EscapeLabelValue("") == "");
}

TEST_CASE("prometheus text: HELP keeps quotes unless OpenMetrics asks for them escaped", "[prometheus]") {
  CHECK(EscapeHelpText("say \"hi\"\\\n", false) == "say \"hi\"\\\\\\n");
  CHECK(EscapeHelpText("say \"hi\"\\\n", true) == "say \\\"hi\\\"\\\\\\n");
}

TEST_CASE("prometheus text: a sample value keeps a Unix time's milliseconds and prints no noise", "[prometheus]") {
  CHECK(SampleValue(1796464800.25) == "1796464800.25");
  CHECK(SampleValue(88.1 / 1000) == "0.0881");
  CHECK(SampleValue(0) == "0");
  CHECK(SampleValue(-97) == "-97");
  CHECK(SampleValue(std::nan("")) == "NaN");
  CHECK(SampleValue(HUGE_VAL) == "+Inf");
  CHECK(SampleValue(-HUGE_VAL) == "-Inf");
}

TEST_CASE("prometheus text: a sample value is the shortest text that reads back the same", "[prometheus]") {
  CHECK(SampleValue(0.0075) == "0.0075");
  CHECK(SampleValue(123456789.0) == "123456789");
  CHECK(SampleValue(0.1 + 0.2) == "0.30000000000000004");
  CHECK(SampleValue(1e21) == "1e+21");
  CHECK(SampleValue(-0.0) == "0");
}

TEST_CASE("prometheus text: gauge families with samples only, UNIT and EOF for OpenMetrics", "[prometheus]") {
  GaugeFamily empty{"evt_x_empty", "nothing", "", {}};
  GaugeFamily time{"evt_x_seconds", "a \"quoted\" time", "seconds", {}};
  time.Add(Label("name", "a\"b"), 1.5);
  CHECK(RenderGaugeFamilies({&empty, &time}, false) ==
        "# HELP evt_x_seconds a \"quoted\" time\n# TYPE evt_x_seconds gauge\nevt_x_seconds{name=\"a\\\"b\"} 1.5\n");
  CHECK(RenderGaugeFamilies({&empty, &time}, true) ==
        "# HELP evt_x_seconds a \\\"quoted\\\" time\n# TYPE evt_x_seconds gauge\n# UNIT evt_x_seconds seconds\n"
        "evt_x_seconds{name=\"a\\\"b\"} 1.5\n# EOF\n");
  CHECK(RenderGaugeFamilies({&empty}, true) == "# EOF\n");
}

TEST_CASE("prometheus text: a counter's _total, a summary's suffixes, a sample without labels", "[prometheus]") {
  MetricFamily runs{"evt_x_runs", "runs", "", {}, MetricType::kCounter};
  runs.Add("", 3);
  MetricFamily latency{"evt_x_latency_seconds", "latency", "seconds", {}, MetricType::kSummary};
  latency.Add(Label("quantile", "0.5"), 0.25);
  latency.AddSuffixed("_count", "", 4);
  // Prometheus 0.0.4 names a counter's family by its sample; OpenMetrics does not.
  CHECK(RenderFamilies({&runs, &latency}, false) ==
        "# HELP evt_x_runs_total runs\n# TYPE evt_x_runs_total counter\nevt_x_runs_total 3\n"
        "# HELP evt_x_latency_seconds latency\n# TYPE evt_x_latency_seconds summary\n"
        "evt_x_latency_seconds{quantile=\"0.5\"} 0.25\nevt_x_latency_seconds_count 4\n");
  CHECK(RenderFamilies({&runs}, true) ==
        "# HELP evt_x_runs runs\n# TYPE evt_x_runs counter\nevt_x_runs_total 3\n# EOF\n");
}

}  // namespace
}  // namespace evt
