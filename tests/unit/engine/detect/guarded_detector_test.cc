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

TEST_CASE("guard: min_change keeps blips of a quiet series at 0 and still scores an outage") {
  // A loopback latency: 0.3 ms, a 5 ms blip now and then, then an outage
  // at 1000 ms (the probe's timeout).
  auto series = [](int i) { return i == 150 || i == 210 ? 5.0 : i >= 300 ? 1000.0 : 0.3 + 0.01 * (i % 3); };
  for (std::string_view kind : kDetectorKinds) {
    DetectorSpec spec = testing::SpecOf(std::string(kind));
    auto unfloored = MakeDetector(spec);
    spec.min_change = 20;
    auto floored = MakeDetector(spec);
    double blip_unfloored = 0, blip_floored = 0, outage_floored = 0;
    for (int i = 0; i < 360; ++i) {
      Sample sample{double(i) * 2, series(i)};
      double u = unfloored->Update(sample).score, f = floored->Update(sample).score;
      if (i == 150 || i == 210) {
        blip_unfloored = std::max(blip_unfloored, u);
        blip_floored = std::max(blip_floored, f);
      }
      if (i >= 300) outage_floored = std::max(outage_floored, f);
    }
    INFO(std::string(kind));
    CHECK(blip_floored == 0);
    CHECK(outage_floored > 0.5);
    if (kind == "robust_z" || kind == "holt") CHECK(blip_unfloored > 0.5);  // the floor is what silenced it
  }
}

TEST_CASE("guard: min_change is read, written back and checked") {
  Result<DetectorSpec> spec = testing::ParseSpecJson(R"({"kind":"robust_z","min_change":20})");
  REQUIRE(spec.ok());
  CHECK(spec->min_change == 20);
  CHECK(SpecToValue(*spec).find("min_change") != nullptr);
  Result<DetectorSpec> bad = testing::ParseSpecJson(R"({"kind":"robust_z","min_change":-1})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "event.json: /detect/models/0/min_change: expected a number of 0 or more");
}

}  // namespace
}  // namespace evt::detect
