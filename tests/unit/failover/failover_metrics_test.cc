// evt-failover's Prometheus text: the families a rule reads, from what the
// decider and the store know, and the switch count that survives a prune.
#include <catch2/catch.hpp>

#include <string>

#include "tools/failover/failover_metrics.h"
#include "tools/failover/failover_store.h"
#include "failover_test_util.h"

using namespace evt;
using namespace evt::failover;
using namespace evt::failover::testing;

namespace {

bool Has(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

std::string SwitchRecord(const char* ts, const char* event = "switch") {
  return std::string(R"({"kind":"failover","v":1,"ts":")") + ts + R"(","event":")" + event + R"(","path":"5g"})";
}

}  // namespace

TEST_CASE("failover metrics: the active path, preference, health and the quality window's figures") {
  FailoverSpec spec = ThreePaths();
  DegradedSpec window;
  window.window = 4;
  spec.paths[1].degraded = window;
  Driver d(spec);
  d.Tick();
  d.Probe("slice", true, 250);
  d.Probe("slice", false);
  for (int i = 0; i < 2; ++i) d.Probe("uplink", false);
  REQUIRE(!d.decider.Up(0));

  SwitchTally tally{3, At(1500)};
  const std::string text = FailoverMetricsText(FiguresOf(d.decider, "5g", tally, true), OutputFormat::kPrometheus);
  CHECK(Has(text, R"(evt_failover_active{path="primary"} 0)"));
  CHECK(Has(text, R"(evt_failover_active{path="5g"} 1)"));
  CHECK(Has(text, R"(evt_failover_path_preference{path="local"} 3)"));
  CHECK(Has(text, R"(evt_failover_path_healthy{path="primary"} 0)"));
  CHECK(Has(text, R"(evt_failover_path_healthy{path="5g"} 1)"));
  // Only 5g has a quality window: half its probes were lost, and its one answer took 250 ms.
  CHECK(Has(text, R"(evt_failover_path_loss_ratio{path="5g"} 0.5)"));
  CHECK(Has(text, R"(evt_failover_path_latency_seconds{path="5g"} 0.25)"));
  CHECK(text.find(R"(evt_failover_path_loss_ratio{path="primary"})") == std::string::npos);
  CHECK(Has(text, "# TYPE evt_failover_switches_total counter"));
  CHECK(Has(text, "evt_failover_switches_total 3"));
  CHECK(Has(text, "evt_failover_last_switch_timestamp_seconds 1700000001.5"));
  CHECK(Has(text, "evt_failover_hold 1"));
  CHECK(text.find("heartbeat") == std::string::npos);
  CHECK(text.find("# EOF") == std::string::npos);
}

TEST_CASE("failover metrics: every family has HELP and TYPE, OpenMetrics adds UNIT and # EOF") {
  Driver d(ThreePaths());
  FailoverFigures f = FiguresOf(d.decider, "", SwitchTally{}, false);
  f.heartbeat = At(0);
  const std::string prom = FailoverMetricsText(f, OutputFormat::kPrometheus);
  for (const char* family : {"evt_failover_active", "evt_failover_path_preference", "evt_failover_path_healthy",
                             "evt_failover_path_degraded", "evt_failover_switches_total", "evt_failover_hold",
                             "evt_failover_watch_heartbeat_timestamp_seconds"}) {
    INFO(family);
    CHECK(prom.find(std::string("# HELP ") + family + " ") != std::string::npos);
    CHECK(prom.find(std::string("# TYPE ") + family + " ") != std::string::npos);
  }
  // No switch yet: no timestamp rather than 1970.
  CHECK(prom.find("last_switch") == std::string::npos);
  CHECK(Has(prom, R"(evt_failover_active{path="primary"} 0)"));
  const std::string om = FailoverMetricsText(f, OutputFormat::kOpenMetrics);
  CHECK(Has(om, "# TYPE evt_failover_switches counter"));
  CHECK(Has(om, "evt_failover_switches_total 0"));
  CHECK(Has(om, "# UNIT evt_failover_watch_heartbeat_timestamp_seconds seconds"));
  CHECK(om.size() >= 6);
  CHECK(om.substr(om.size() - 6) == "# EOF\n");
}

TEST_CASE("failover metrics: a path name is escaped as a label value") {
  FailoverSpec spec = ThreePaths();
  spec.paths[2].name = "a \"b\"\\c";
  Driver d(spec);
  const std::string text = FailoverMetricsText(FiguresOf(d.decider, "", {}, false), OutputFormat::kPrometheus);
  CHECK(Has(text, R"(evt_failover_active{path="a \"b\"\\c"} 0)"));
}

TEST_CASE("failover store: the switch count keeps what state prune removed") {
  Result<FailoverStore> store = FailoverStore::OpenMemory();
  REQUIRE(store.ok());
  Result<SwitchTally> none = store->Switches();
  REQUIRE(none.ok());
  CHECK(none->count == 0);
  CHECK(!none->last);
  DeciderSnapshot s;
  REQUIRE(store->Save(s, {SwitchRecord("2026-12-05T10:00:00.000Z"), SwitchRecord("2026-12-05T10:01:00.000Z", "down"),
                          SwitchRecord("2026-12-05T10:02:00.000Z"), SwitchRecord("2026-12-05T11:00:00.000Z")})
              .ok());
  auto count_and_last = [&] {
    Result<SwitchTally> t = store->Switches();
    REQUIRE(t.ok());
    return std::make_pair(t->count, t->last ? FormatRfc3339(*t->last) : "");
  };
  CHECK(count_and_last() == std::make_pair(std::int64_t{3}, std::string("2026-12-05T11:00:00.000Z")));

  Result<TimePoint> cutoff = ParseRfc3339("2026-12-05T10:30:00.000Z");
  REQUIRE(store->PruneBefore(*cutoff).ok());
  CHECK(count_and_last() == std::make_pair(std::int64_t{3}, std::string("2026-12-05T11:00:00.000Z")));
  // A second prune adds to the tally, and the newest switch may be a pruned one.
  Result<TimePoint> later = ParseRfc3339("2026-12-05T12:00:00.000Z");
  REQUIRE(store->PruneBefore(*later).ok());
  Result<std::vector<std::string>> history = store->History(10);
  REQUIRE(history.ok());
  CHECK(history->empty());
  CHECK(count_and_last() == std::make_pair(std::int64_t{3}, std::string("2026-12-05T11:00:00.000Z")));
  REQUIRE(store->Save(s, {SwitchRecord("2026-12-05T12:30:00.000Z")}).ok());
  CHECK(count_and_last() == std::make_pair(std::int64_t{4}, std::string("2026-12-05T12:30:00.000Z")));
}
