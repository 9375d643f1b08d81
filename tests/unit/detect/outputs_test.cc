#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "common/color.h"
#include "common/record_schema.h"
#include "tests/unit/detect/detect_test_util.h"
#include "tools/detect/anomaly_record.h"
#include "tools/detect/detect_prometheus.h"
#include "tools/detect/series_table.h"
#include "tools/detect/stream_scorer.h"

using namespace evt;
using namespace evt::detect;
using evt::detect::testing::ProbeTs;

namespace {

DetectSection Section() {
  DetectSection d;
  d.series.push_back(SeriesSpec{"latency", "probe", {}, "total_ms", "default", "default"});
  RuleSpec rule;
  rule.raise_above = 0.5;
  d.rules["default"] = rule;
  d.models["default"] = DetectorSpec{};
  return d;
}

// 100 steady samples on "checkout", then an outage of 10; 20 steady ones on "uplink".
void Feed(StreamScorer& scorer) {
  for (int t = 0; t < 110; ++t) {
    Value r = Value::object({{"kind", "probe"}, {"v", 1}, {"ts", ProbeTs(t)}, {"target", "checkout"}});
    r.set("total_ms", t < 100 ? 50.0 + t % 4 : 3000.0);
    REQUIRE(scorer.Score(r).ok());
  }
  for (int t = 0; t < 20; ++t) {
    Value r = Value::object({{"kind", "probe"}, {"v", 1}, {"ts", ProbeTs(t)}, {"target", "uplink"}, {"total_ms", 9.5}});
    REQUIRE(scorer.Score(r).ok());
  }
}

}  // namespace

TEST_CASE("outputs: the anomaly record carries the series, value, score, detector, expected range and rule") {
  DetectSection section = Section();
  std::vector<Value> records;
  StreamScorer scorer(section, nullptr, [&](const Value& r) {
    records.push_back(r);
    return Status::Ok();
  });
  Feed(scorer);
  REQUIRE(records.size() == 1);
  const Value& r = records[0];
  CHECK(r.find("kind")->as_string() == "anomaly");
  CHECK(r.find("ts")->as_string() == ProbeTs(102));
  CHECK(r.find("series")->as_string() == "latency{target=\"checkout\"}");
  CHECK(r.find("target")->as_string() == "checkout");
  CHECK(r.find("labels") == nullptr);
  CHECK(r.find("state")->as_string() == "raise");
  CHECK(r.find("value")->as_double() == 3000.0);
  CHECK(r.find("detector")->as_string() == "robust_z");
  CHECK(r.find("expected")->find("low")->as_double() < 50);
  CHECK(r.find("expected")->find("high")->as_double() > 53);
  CHECK(r.find("expected")->find("high")->as_double() < 3000);
  CHECK(r.find("reason")->as_string() == "3 of the last 5 scores above 0.50");
  CHECK(r.find("samples")->as_int() == 103);
  CHECK(r.find("source")->find("field")->as_string() == "total_ms");
}

TEST_CASE("outputs: Prometheus text has every series' score, state and counts, and OpenMetrics ends in EOF") {
  DetectSection section = Section();
  StreamScorer scorer(section, nullptr, AnomalySink());
  Feed(scorer);
  const std::string text = DetectMetricsText(scorer.bank(), OutputFormat::kPrometheus);
  CHECK_THAT(text, Catch::Contains("# TYPE evt_detect_raised gauge\n"));
  CHECK_THAT(text, Catch::Contains("evt_detect_raised{series=\"latency{target=\\\"checkout\\\"}\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("evt_detect_raised{series=\"latency{target=\\\"uplink\\\"}\"} 0\n"));
  CHECK_THAT(text, Catch::Contains("# TYPE evt_detect_samples_total counter\n"));
  CHECK_THAT(text, Catch::Contains("evt_detect_samples_total{series=\"latency{target=\\\"checkout\\\"}\"} 110\n"));
  CHECK_THAT(text, Catch::Contains("evt_detect_raises_total{series=\"latency{target=\\\"checkout\\\"}\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("evt_detect_series_capped_total 0\n"));
  const std::string om = DetectMetricsText(scorer.bank(), OutputFormat::kOpenMetrics);
  CHECK_THAT(om, Catch::Contains("# TYPE evt_detect_samples counter\n"));
  CHECK_THAT(om, Catch::EndsWith("# EOF\n"));
}

TEST_CASE("outputs: the terminal table shows each series, the raised one marked, a warming one as such") {
  DetectSection section = Section();
  StreamScorer scorer(section, nullptr, AnomalySink());
  Feed(scorer);
  const std::string table = SeriesTable(scorer.bank(), /*color=*/false, 200);
  CHECK_THAT(table, Catch::StartsWith("series"));
  CHECK_THAT(table, Catch::Contains("latency{target=\"checkout\"}"));
  CHECK_THAT(table, Catch::Contains("RAISED"));
  CHECK_THAT(table, Catch::Contains("warming up"));
  CHECK(std::count(table.begin(), table.end(), '\n') == 3);
}

TEST_CASE("outputs: the anomaly records of every detector kind follow the anomaly schema") {
  for (std::string_view kind : kDetectorKinds) {
    DetectSection section = Section();
    section.models["default"].kind = std::string(kind);
    RuleSpec eager;
    eager.raise_above = 0.5;
    eager.raise_count = 1;
    eager.raise_window = 1;
    section.rules["default"] = eager;
    std::vector<Value> records;
    StreamScorer scorer(section, nullptr, [&](const Value& r) {
      records.push_back(r);
      return Status::Ok();
    });
    for (int t = 0; t < 400; ++t) {
      Value r = Value::object({{"kind", "probe"}, {"v", 1}, {"ts", ProbeTs(t)}, {"target", "checkout"}});
      r.set("total_ms", t >= 300 && t < 310 ? 3000.0 : 50.0 + (t * 7) % 5);
      REQUIRE(scorer.Score(r).ok());
    }
    INFO(kind);
    REQUIRE_FALSE(records.empty());
    for (const Value& r : records) {
      Status valid = BuiltinRecordSchemas().Validate(r);
      INFO(valid.message());
      CHECK(valid.ok());
    }
  }
}
