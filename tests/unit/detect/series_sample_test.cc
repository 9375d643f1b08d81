#include <catch2/catch.hpp>

#include <cmath>

#include "common/json_parse.h"
#include "tools/detect/series_sample.h"

using namespace evt;
using namespace evt::detect;

namespace {

Value Json(const std::string& text) {
  Result<Value> v = ParseJson(text, "test");
  REQUIRE(v.ok());
  return *v;
}

SeriesExtractor Extractor() {
  return SeriesExtractor({
      SeriesSpec{"latency", "probe", {}, "total_ms", "default", "default"},
      SeriesSpec{"ttfb", "probe", {{"target", "checkout"}}, "phases.ttfb_ms", "default", "default"},
      SeriesSpec{"ok", "flow", {}, "ok", "default", "default"},
      SeriesSpec{"charge", "metric", {{"name", "nut_battery_charge"}}, "value", "default", "default"},
  });
}

}  // namespace

TEST_CASE("series sample: one record fans out to every spec it matches, keyed by target") {
  std::vector<SeriesSample> out;
  REQUIRE(Extractor()
              .Extract(Json(R"({"kind":"probe","v":1,"ts":"2026-12-05T10:00:02.500Z","target":"checkout","ok":true,
                               "total_ms":48.5,"phases":{"ttfb_ms":47.8}})"),
                       out)
              .ok());
  REQUIRE(out.size() == 2);
  CHECK(out[0].key == "latency{target=\"checkout\"}");
  CHECK(out[0].value == 48.5);
  CHECK(out[0].time_s == Approx(1796464802.5));
  CHECK(out[1].key == "ttfb{target=\"checkout\"}");
  CHECK(out[1].value == 47.8);
}

TEST_CASE("series sample: match leaves out records of other targets or names") {
  std::vector<SeriesSample> out;
  REQUIRE(Extractor()
              .Extract(Json(R"({"kind":"probe","ts":"2026-12-05T10:00:02.000Z","target":"uplink","total_ms":5,
                               "phases":{"ttfb_ms":4}})"),
                       out)
              .ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].key == "latency{target=\"uplink\"}");
  out.clear();
  REQUIRE(Extractor().Extract(Json(R"({"kind":"metric","ts":"2026-12-05T10:00:02.000Z","name":"other","value":1})"), out).ok());
  CHECK(out.empty());
}

TEST_CASE("series sample: a boolean reads as 1 or 0, labels sort into the key") {
  std::vector<SeriesSample> out;
  REQUIRE(Extractor().Extract(Json(R"({"kind":"flow","ts":"2026-12-05T10:00:00.000Z","target":"checkout","ok":false})"), out).ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].value == 0);
  out.clear();
  REQUIRE(Extractor()
              .Extract(Json(R"({"kind":"metric","ts":"2026-12-05T10:00:00.000Z","name":"nut_battery_charge","value":0.87,
                               "labels":{"ups":"kit1","site":"a\"b"}})"),
                       out)
              .ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].key == "charge{site=\"a\\\"b\",ups=\"kit1\"}");
}

TEST_CASE("series sample: an absent or null field is a gap (NaN), not an error") {
  std::vector<SeriesSample> out;
  REQUIRE(Extractor().Extract(Json(R"({"kind":"probe","ts":"2026-12-05T10:00:00.000Z","target":"x","total_ms":null})"), out).ok());
  REQUIRE(out.size() == 1);
  CHECK(std::isnan(out[0].value));
}

TEST_CASE("series sample: a wrong type or a bad ts is DataErr naming the field") {
  std::vector<SeriesSample> out;
  Status s = Extractor().Extract(Json(R"({"kind":"probe","ts":"2026-12-05T10:00:00.000Z","total_ms":"48"})"), out);
  CHECK(s.code() == ExitCode::kDataErr);
  CHECK_THAT(s.message(), Catch::Contains("\"total_ms\": expected a number or a boolean, got a string"));
  s = Extractor().Extract(Json(R"({"kind":"probe","ts":"yesterday","total_ms":48})"), out);
  CHECK(s.code() == ExitCode::kDataErr);
  CHECK_THAT(s.message(), Catch::Contains("\"ts\""));
  s = Extractor().Extract(Json(R"({"kind":"metric","ts":"2026-12-05T10:00:00.000Z","name":"nut_battery_charge","value":1,"labels":{"a":1}})"), out);
  CHECK_THAT(s.message(), Catch::Contains("\"labels\""));
}

TEST_CASE("series sample: Takes names the kinds some series reads") {
  CHECK(Extractor().Takes("probe"));
  CHECK(Extractor().Takes("metric"));
  CHECK_FALSE(Extractor().Takes("probe.window"));
}
