#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/unit/detect/detect_test_util.h"
#include "tools/detect/model_file.h"

using namespace evt;
using namespace evt::detect;

namespace {

// A model whose one series learned a steady signal.
Model Fitted() {
  DetectorSpec spec;
  std::unique_ptr<Detector> d = MakeDetector(spec);
  for (int i = 0; i < 200; ++i) d->Update(Sample{1e9 + 2.0 * i, 50.0 + (i % 7)});
  Model m;
  m.fitted_at = "2026-12-05T10:00:00.000Z";
  m.series["latency{target=\"checkout\"}"] = FittedSeries{spec, 200, d->State()};
  return m;
}

std::string Refusal(const std::string& text) {
  Result<Model> m = ParseModel(text, "model.json");
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == ExitCode::kDataErr);
  return m.status().message();
}

}  // namespace

TEST_CASE("model file: what fit writes reads back to a detector that scores as the original") {
  Model m = Fitted();
  Result<Model> back = ParseModel(ModelJson(m), "model.json");
  REQUIRE(back.ok());
  REQUIRE(back->series.size() == 1);
  const FittedSeries& s = back->series.begin()->second;
  CHECK(s.samples == 200);
  CHECK(ModelJson(*back) == ModelJson(m));
  Result<std::unique_ptr<Detector>> restored = LoadDetector(s.spec, s.state);
  REQUIRE(restored.ok());
  std::unique_ptr<Detector> original = LoadDetector(m.series.begin()->second.spec, m.series.begin()->second.state).value();
  for (double v : {52.0, 55.0, 400.0}) {
    Score a = (*restored)->Update(Sample{1e9 + 500, v});
    Score b = original->Update(Sample{1e9 + 500, v});
    CHECK(a.score == b.score);
    CHECK(a.warm);
  }
}

TEST_CASE("model file: a model from a newer evt-detect is refused, saying so") {
  std::string text = ModelJson(Fitted());
  const std::string from = "\"version\":1";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "\"version\":2");
  std::string message = Refusal(text);
  CHECK_THAT(message, Catch::Contains("model.json: /version: this model is version 2, from a newer evt-detect"));
}

TEST_CASE("model file: not a model, unknown keys and bad states are named") {
  CHECK_THAT(Refusal(R"({"format": "something else", "version": 1})"), Catch::Contains("/format: expected \"evt-detect model\""));
  CHECK_THAT(Refusal(R"({"format": "evt-detect model", "version": 1, "fitted_at": "x", "series": {}, "extra": 1})"),
             Catch::Contains("/extra: unknown key"));
  CHECK_THAT(Refusal(R"({"format": "evt-detect model", "version": 1, "fitted_at": "x",
                         "series": {"a": {"spec": {"kind": "robust_z"}, "samples": 3, "state": 7}}})"),
             Catch::Contains("/series/a/state: expected the detector's state"));
  CHECK_THAT(Refusal(R"({"format": "evt-detect model", "version": 1, "fitted_at": "x",
                         "series": {"a": {"spec": {"kind": "robust_z"}, "samples": 3, "state": {"nonsense": true}}}})"),
             Catch::Contains("/series/a/state"));
  CHECK_THAT(Refusal("{\"format\": "), Catch::Contains("model.json"));
}

TEST_CASE("model file: written atomically and read back, a missing one is not there yet") {
  evt::detect::testing::ConfigDir dir;
  const std::string path = dir.dir + "/model.json";
  Result<std::optional<Model>> none = ReadModelIfPresent(path);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  REQUIRE(WriteModelFile(path, Fitted()).ok());
  Result<std::optional<Model>> some = ReadModelIfPresent(path);
  REQUIRE(some.ok());
  REQUIRE(some->has_value());
  CHECK((*some)->series.size() == 1);
  CHECK(ReadModelFile(dir.dir + "/nosuch.json").status().code() == ExitCode::kNoInput);
}
