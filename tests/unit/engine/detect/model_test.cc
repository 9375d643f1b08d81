#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "engine/detect/model.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

std::vector<Sample> History(double level) {
  std::vector<Sample> out;
  for (int i = 0; i < 600; ++i) out.push_back({1.7e9 + i * 2.0, level + (i % 7) * 0.5});
  out.push_back({1.7e9 + 1200, NAN});
  return out;
}

// A model file through JSON text and back, as evt-detect run reads it.
Result<std::map<std::string, SeriesModel>> RoundTrip(const Value& model) {
  Result<Value> parsed = ParseJson(ToJson(model).value(), "model.json");
  REQUIRE(parsed.ok());
  return LoadModel(*parsed, "model.json");
}

TEST_CASE("model: fitted series load warm, and score the way the history taught them") {
  std::map<std::string, Value> parts;
  for (std::string_view kind : kDetectorKinds) {
    parts[std::string(kind) + "/uplink"] = FitSeries(History(40), testing::SpecOf(std::string(kind)));
  }
  Value model = ModelFile(std::move(parts));
  CHECK(model.find("format")->as_int() == kModelFormat);
  CHECK(model.find("evt_version")->as_string() == EVT_VERSION);
  CHECK(ToJson(model).value().size() < std::size(kDetectorKinds) * 4096);  // small: a few KB a series
  auto loaded = RoundTrip(model);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->size() == std::size(kDetectorKinds));
  for (const auto& [name, series] : *loaded) {
    INFO(name);
    CHECK(series.samples == 600);
    Result<std::unique_ptr<Detector>> detector = DetectorFromModel(series);
    REQUIRE(detector.ok());
    Score usual = (*detector)->Update({1.8e9, 42.5});  // the next in the pattern: 40 + (600 % 7) * 0.5
    CHECK(usual.warm);  // no warm-up again: the model is what warm-up learns
    CHECK(usual.score < 0.5);
    double high = 0;
    for (int i = 1; i <= 60; ++i) high = std::max(high, (*detector)->Update({1.8e9 + 2 * i, 400}).score);
    CHECK(high >= 0.9);
  }
}

TEST_CASE("model: a model from a newer evt-detect is refused with exit 65, saying so") {
  Value model = ModelFile({{"uplink", FitSeries(History(1), testing::SpecOf("holt"))}});
  model.set("format", kModelFormat + 1);
  model.set("evt_version", "9.0.0");
  auto loaded = RoundTrip(model);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == ExitCode::kDataErr);
  CHECK(loaded.status().message() ==
        "model.json: /format: model format 2 (written by evt 9.0.0) is newer than this evt-detect reads (1); "
        "upgrade evt-detect or fit the model again with this one");
}

TEST_CASE("model: bad parts are refused naming the pointer") {
  Value model = ModelFile({{"a/b", FitSeries(History(1), testing::SpecOf("holt"))}});
  Value broken = model;
  broken.find("series")->find("a/b")->find("state")->find("detector")->set("level", "x");
  auto state = RoundTrip(broken);
  REQUIRE_FALSE(state.ok());
  CHECK(state.status().code() == ExitCode::kDataErr);
  CHECK(state.status().message() == "model.json: /series/a~1b/state/detector: level: expected a finite number");

  Value kind = model;
  kind.find("series")->find("a/b")->find("detector")->set("kind", "lstm");
  auto bad_kind = RoundTrip(kind);
  REQUIRE_FALSE(bad_kind.ok());
  CHECK(bad_kind.status().code() == ExitCode::kDataErr);
  CHECK_THAT(bad_kind.status().message(),
             Catch::StartsWith("model.json: /series/a~1b/detector/kind: unknown detector \"lstm\""));

  Value extra = model;
  extra.find("series")->find("a/b")->set("weights", 1);
  auto bad_extra = RoundTrip(extra);
  REQUIRE_FALSE(bad_extra.ok());
  CHECK_THAT(bad_extra.status().message(), Catch::StartsWith("model.json: /series/a~1b/weights: unknown key"));

  auto no_format = LoadModel(Value::object(), "model.json");
  REQUIRE_FALSE(no_format.ok());
  CHECK(no_format.status().message() == "model.json: /format: expected a model format number");
}

}  // namespace
}  // namespace evt::detect
