#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "engine/detect/detector.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

using testing::SpecOf;

TEST_CASE("robust_z: an outlier in steady noise scores high, the noise low") {
  std::mt19937_64 rng(testing::TestSeed());
  std::normal_distribution<double> noise(100, 2);
  DetectorSpec spec = SpecOf("robust_z");
  spec.window = 128;  // the largest: the tightest spread a window gives
  auto detector = MakeDetector(spec);
  double max_noise_score = 0;
  for (int i = 0; i < 500; ++i) {
    Score s = detector->Update({i * 2.0, noise(rng)});
    if (i >= 100) max_noise_score = std::max(max_noise_score, s.score);
  }
  // z < 9: the largest of 400 normal samples stays below 4.5 sigma but for 1
  // seed in 400, and a window's spread can be half the true one (below).
  CHECK(max_noise_score < 0.9);
  Score outlier = detector->Update({1000.0, 160});
  CHECK(outlier.warm);
  CHECK(outlier.score > 0.95);  // z ~ 30
  CHECK(outlier.expected_low < 100);
  CHECK(outlier.expected_high > 100);
  // +- 3 sigma, as far as one window can tell: a sigma from the MAD of n
  // normal samples is off by 1.166 / sqrt(n) of itself (one standard error),
  // and 4.5 of those keep a false failure below 1 seed in 100,000.
  double one_standard_error = 1.166 / std::sqrt(double(spec.window));
  CHECK(outlier.expected_high - outlier.expected_low == Approx(12).epsilon(4.5 * one_standard_error));
}

TEST_CASE("robust_z: one outlier hardly moves the baseline") {
  auto detector = MakeDetector(SpecOf("robust_z"));
  for (int i = 0; i < 100; ++i) detector->Update({double(i), 10.0 + (i % 5)});
  detector->Update({100.0, 1e6});
  Score next = detector->Update({101.0, 12});
  CHECK(next.score < 0.2);
  CHECK(next.expected_low < 12);
  CHECK(next.expected_high < 30);
}

TEST_CASE("robust_z: a flat series scores any change, and no change 0") {
  auto detector = MakeDetector(SpecOf("robust_z"));
  for (int i = 0; i < 100; ++i) CHECK(detector->Update({double(i), 5}).score == 0);
  CHECK(detector->Update({100.0, 5.5}).score > 0.99);
}

TEST_CASE("robust_z: cold until warmup samples were learned") {
  DetectorSpec spec = SpecOf("robust_z");
  spec.warmup = 10;
  auto detector = MakeDetector(spec);
  for (int i = 0; i < 10; ++i) {
    Score s = detector->Update({double(i), i == 9 ? 1000.0 : 1.0});
    CHECK_FALSE(s.warm);
    CHECK(s.score == 0);
  }
  CHECK(detector->Update({10.0, 1.0}).warm);
}

TEST_CASE("robust_z: state within the bound at the largest window") {
  DetectorSpec spec = SpecOf("robust_z");
  spec.window = 128;
  auto detector = MakeDetector(spec);
  CHECK(detector->StateBytes() <= kMaxStateBytes);
  CHECK(detector->Kind() == "robust_z");
}

TEST_CASE("robust_z: state written and loaded scores the same") {
  auto a = MakeDetector(SpecOf("robust_z"));
  for (int i = 0; i < 200; ++i) a->Update({double(i), std::sin(i * 0.1) * 10});
  Result<std::unique_ptr<Detector>> b = LoadDetector(SpecOf("robust_z"), a->State());
  REQUIRE(b.ok());
  for (int i = 200; i < 300; ++i) {
    double v = std::sin(i * 0.1) * 10 + (i == 250 ? 40 : 0);
    Score sa = a->Update({double(i), v});
    Score sb = (*b)->Update({double(i), v});
    CHECK(sa.score == Approx(sb.score).margin(1e-12));
    CHECK(sa.expected_high == Approx(sb.expected_high).margin(1e-12));
  }
}

TEST_CASE("robust_z: a bad state is refused naming the field") {
  Value state = Value::object({{"detector", Value::object({{"window", "x"}})}});
  Result<std::unique_ptr<Detector>> d = LoadDetector(SpecOf("robust_z"), state);
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == ExitCode::kDataErr);
  CHECK(d.status().message() == "detector: window: expected an array of numbers");
}

}  // namespace
}  // namespace evt::detect
