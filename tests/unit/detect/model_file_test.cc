#include <catch2/catch.hpp>

#include <fstream>

#include "common/json_writer.h"
#include "tests/unit/detect/detect_test_util.h"
#include "tools/detect/model_file.h"

using namespace evt;
using namespace evt::detect;

namespace {

// One series' part, from a detector that learned a steady signal.
std::map<std::string, Value> Parts(std::unique_ptr<Detector>* learned = nullptr) {
  DetectorSpec spec;
  std::unique_ptr<Detector> d = MakeDetector(spec);
  for (int i = 0; i < 200; ++i) d->Update(Sample{1e9 + 2.0 * i, 50.0 + (i % 7)});
  std::map<std::string, Value> parts;
  parts["latency{target=\"checkout\"}"] = SeriesPart(spec, 200, *d);
  if (learned != nullptr) *learned = std::move(d);
  return parts;
}

}  // namespace

TEST_CASE("model file: what fit writes reads back to a detector that scores as the one that learned it") {
  evt::detect::testing::ConfigDir dir;
  const std::string path = dir.dir + "/model.json";
  std::unique_ptr<Detector> original;
  REQUIRE(WriteModelFile(path, Parts(&original)).ok());
  Result<Model> model = ReadModelFile(path);
  REQUIRE(model.ok());
  REQUIRE(model->size() == 1);
  const SeriesModel& s = model->begin()->second;
  CHECK(s.samples == 200);
  Result<std::unique_ptr<Detector>> restored = DetectorFromModel(s);
  REQUIRE(restored.ok());
  double t = 1e9 + 400;  // the next sample's time: no gap
  for (double v : {52.0, 55.0, 400.0}) {
    Score a = (*restored)->Update(Sample{t, v});
    Score b = original->Update(Sample{t, v});
    t += 2;
    CHECK(a.score == b.score);
    CHECK(a.warm);
  }
}

TEST_CASE("model file: SeriesPart writes what the engine's FitSeries writes") {
  DetectorSpec spec;
  std::vector<Sample> history;
  for (int i = 0; i < 100; ++i) history.push_back(Sample{1e9 + i, 10.0 + (i % 3)});
  std::unique_ptr<Detector> d = MakeDetector(spec);
  for (const Sample& s : history) d->Update(s);
  CHECK(ToJson(SeriesPart(spec, 100, *d)).value() == ToJson(FitSeries(history, spec)).value());
}

TEST_CASE("model file: a model from a newer evt-detect is refused with DataErr, naming the file") {
  evt::detect::testing::ConfigDir dir;
  const std::string path = dir.dir + "/future.json";
  std::ofstream(path) << R"({"format": 2, "evt_version": "9.0.0", "series": {}})";
  Result<Model> model = ReadModelFile(path);
  REQUIRE_FALSE(model.ok());
  CHECK(model.status().code() == ExitCode::kDataErr);
  CHECK_THAT(model.status().message(), Catch::Contains(path + ": /format: model format 2 (written by evt 9.0.0) is newer"));
}

TEST_CASE("model file: not JSON is DataErr, a missing one NoInput, or not there yet when asked if present") {
  evt::detect::testing::ConfigDir dir;
  std::ofstream(dir.dir + "/bad.json") << "{\"format\": ";
  CHECK(ReadModelFile(dir.dir + "/bad.json").status().code() == ExitCode::kDataErr);
  CHECK(ReadModelFile(dir.dir + "/nosuch.json").status().code() == ExitCode::kNoInput);
  Result<std::optional<Model>> none = ReadModelIfPresent(dir.dir + "/nosuch.json");
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  REQUIRE(WriteModelFile(dir.dir + "/model.json", Parts()).ok());
  Result<std::optional<Model>> some = ReadModelIfPresent(dir.dir + "/model.json");
  REQUIRE(some.ok());
  CHECK(some->has_value());
}
