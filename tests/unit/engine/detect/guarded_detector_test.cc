// What GuardedDetector adds to every kind (detector.h): rest after a high
// score, warm-up; gaps and missing values are in every_detector_test.cc.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "engine/detect/detector.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

// Scores of robust_z on a steady series with spikes at `spikes`.
std::vector<double> Scores(const DetectorSpec& spec, const std::vector<int>& spikes, int n) {
  auto detector = MakeDetector(spec);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    bool spike = std::find(spikes.begin(), spikes.end(), i) != spikes.end();
    out.push_back(detector->Update({double(i), (spike ? 1000.0 : 10.0) + (i % 4)}).score);
  }
  return out;
}

TEST_CASE("guard: rest reports one score of an episode, as CAD-OSE does") {
  DetectorSpec spec = testing::SpecOf("robust_z");
  std::vector<int> spikes = {100, 105, 120, 200};
  std::vector<double> free = Scores(spec, spikes, 250);
  for (int i : spikes) CHECK(free[i] > 0.9);
  spec.rest = 20;
  std::vector<double> rested = Scores(spec, spikes, 250);
  CHECK(rested[100] > 0.9);  // reported
  CHECK(rested[105] == 0);   // within 20 of the spike at 100
  CHECK(rested[120] == 0);   // 20 after 100, but within 20 of 105, which was not reported
  CHECK(rested[200] > 0.9);  // rested since 120
  for (int i = 0; i < 250; ++i) {
    if (i != 100 && i != 200) CHECK(rested[i] < 0.5);
  }
}

TEST_CASE("guard: rest_above sets what starts a rest") {
  DetectorSpec spec = testing::SpecOf("robust_z");
  spec.rest = 20;
  spec.rest_above = 1.0;  // no score reaches it: nothing rests
  std::vector<double> scores = Scores(spec, {100, 105}, 150);
  CHECK(scores[100] > 0.9);
  CHECK(scores[105] > 0.9);
}

TEST_CASE("guard: rest and rest_above read from a spec, for every kind") {
  Result<DetectorSpec> spec = testing::ParseSpecJson(R"({"kind":"holt","rest":30,"rest_above":0.9})");
  REQUIRE(spec.ok());
  CHECK(spec->rest == 30);
  CHECK(spec->rest_above == 0.9);
  Result<DetectorSpec> bad = testing::ParseSpecJson(R"({"kind":"holt","rest":-1})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "event.json: /detect/models/0/rest: expected 0..100000, got -1");
}

}  // namespace
}  // namespace evt::detect
