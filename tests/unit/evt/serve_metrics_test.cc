#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "tests/unit/store_test_util.h"
#include "tools/evt/serve_metrics.h"

namespace evt::front {
namespace {

using store_test::TempDir;

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST_CASE("serve metrics: a family in two textfiles gets one HELP and TYPE and its samples together") {
  ExpositionMerger merger;
  merger.Add("# HELP evt_probe_success whether the probe succeeded\n# TYPE evt_probe_success gauge\n"
             "evt_probe_success{target=\"uplink\"} 1\n",
             "evt-probe.prom");
  merger.Add("# HELP evt_budget_state the state\n# TYPE evt_budget_state gauge\nevt_budget_state{budget=\"money\"} 0\n"
             "# HELP evt_probe_success whether the probe succeeded\n# TYPE evt_probe_success gauge\n"
             "evt_probe_success{target=\"mesh\"} 0\n",
             "evt-other.prom");
  const std::string text = merger.Render();
  CHECK(merger.problems().empty());
  CHECK(Count(text, "# TYPE evt_probe_success gauge") == 1);
  CHECK(Count(text, "# HELP evt_probe_success") == 1);
  CHECK_THAT(text, Catch::Contains("evt_probe_success{target=\"uplink\"} 1\nevt_probe_success{target=\"mesh\"} 0\n"));
  CHECK(text.find("evt_probe_success{target=\"mesh\"}") < text.find("# HELP evt_budget_state"));
}

TEST_CASE("serve metrics: a summary's _sum and _count stay in their family") {
  ExpositionMerger merger;
  merger.Add("# TYPE evt_flow_duration_seconds summary\nevt_flow_duration_seconds{quantile=\"0.5\"} 0.2\n"
             "evt_flow_duration_seconds_sum 4\nevt_flow_duration_seconds_count 20\n",
             "a.prom");
  const std::string text = merger.Render();
  CHECK(text == "# TYPE evt_flow_duration_seconds summary\nevt_flow_duration_seconds{quantile=\"0.5\"} 0.2\n"
                "evt_flow_duration_seconds_sum 4\nevt_flow_duration_seconds_count 20\n");
}

TEST_CASE("serve metrics: what would fail a scrape is left out and named") {
  ExpositionMerger merger;
  merger.Add("# TYPE evt_x gauge\nevt_x{a=\"1\"} 1\n", "one.prom");
  merger.Add("# TYPE evt_x counter\nevt_x{a=\"2\"} 2\n# TYPE evt_y gauge\nevt_y 1\nevt_y 2\n{bad} 3\n", "two.prom");
  const std::string text = merger.Render();
  CHECK_THAT(text, !Catch::Contains("evt_x{a=\"2\"}"));
  CHECK(Count(text, "\nevt_y ") == 1);
  REQUIRE(merger.problems().size() == 3);
  CHECK_THAT(merger.problems()[0], Catch::Contains("two.prom:1") && Catch::Contains("counter here but a gauge"));
  CHECK_THAT(merger.problems()[1], Catch::Contains("two.prom:5") && Catch::Contains("again (first in two.prom:4)"));
  CHECK_THAT(merger.problems()[2], Catch::Contains("two.prom:6: not a sample line"));
}

TEST_CASE("serve metrics: a folder gives its evt-*.prom files, sorted, and a missing path is a problem, not a failure") {
  TempDir dir;
  WriteFile(dir.path() + "/evt-scrape.prom", "# TYPE evt_scrape_up gauge\nevt_scrape_up 1\n");
  WriteFile(dir.path() + "/evt-budget.prom", "# TYPE evt_budget_state gauge\nevt_budget_state 0\n");
  WriteFile(dir.path() + "/node.prom", "# TYPE node_thing gauge\nnode_thing 1\n");
  const TextfileList list = ListTextfiles({dir.path(), dir.path() + "/missing"});
  REQUIRE(list.files.size() == 2);
  CHECK(list.files[0] == dir.path() + "/evt-budget.prom");
  CHECK(list.files[1] == dir.path() + "/evt-scrape.prom");
  REQUIRE(list.problems.size() == 1);
  CHECK_THAT(list.problems[0], Catch::Contains("missing: no such file or folder"));

  ServeCounters counters;
  counters.requests["/metrics"] = 3;
  const MetricsAnswer answer = RenderMetrics({dir.path(), dir.path() + "/missing"}, counters);
  CHECK_THAT(answer.text, Catch::Contains("evt_scrape_up 1\n"));
  CHECK_THAT(answer.text, !Catch::Contains("node_thing"));
  CHECK_THAT(answer.text, Catch::Contains("evt_serve_textfile_mtime_seconds{file=\"" + dir.path() + "/evt-budget.prom\"}"));
  CHECK_THAT(answer.text, Catch::Contains("evt_serve_textfile_problems 1\n"));
  CHECK_THAT(answer.text, Catch::Contains("# TYPE evt_serve_requests_total counter\nevt_serve_requests_total{route=\"/metrics\"} 3\n"));
  CHECK(answer.problems.size() == 1);
}

}  // namespace
}  // namespace evt::front
