// What every kind promises (detector.h), checked for each of them.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "engine/detect/detector.h"
#include "engine/detect/relative_entropy.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

using testing::SpecOf;

// The largest state each kind can be configured to keep.
DetectorSpec LargestSpec(std::string_view kind) {
  DetectorSpec spec = SpecOf(std::string(kind));
  spec.window = 128;
  spec.bins = 10;
  spec.hypotheses = 16;
  spec.levels = 16;
  spec.context = 6;
  return spec;
}

TEST_CASE("every detector: state at most 2 KB at its largest, and the same after a long series") {
  for (std::string_view kind : kDetectorKinds) {
    INFO(kind);
    auto detector = MakeDetector(LargestSpec(kind));
    std::size_t before = detector->StateBytes();
    CHECK(before <= kMaxStateBytes);
    for (int i = 0; i < 20000; ++i) detector->Update({double(i), std::sin(i * 0.01) * 100 + (i % 97 == 0 ? 500 : 0)});
    CHECK(detector->StateBytes() == before);
    CHECK(detector->Kind() == kind);
  }
}

TEST_CASE("every detector: scores in [0, 1] on random input, NaN and infinity skipped") {
  std::mt19937_64 rng(testing::TestSeed());
  std::lognormal_distribution<double> value(0, 2);
  std::uniform_int_distribution<int> pick(0, 99);
  for (std::string_view kind : kDetectorKinds) {
    INFO(kind);
    auto detector = MakeDetector(SpecOf(std::string(kind)));
    for (int i = 0; i < 5000; ++i) {
      int p = pick(rng);
      double v = p == 0 ? NAN : p == 1 ? INFINITY : p == 2 ? -1e300 : value(rng);
      Score s = detector->Update({double(i), v});
      REQUIRE(s.score >= 0);
      REQUIRE(s.score <= 1);
      if (!std::isfinite(v)) {
        CHECK_FALSE(s.warm);
        CHECK(s.score == 0);
      }
    }
  }
}

TEST_CASE("every detector: a jump far outside a steady pattern scores high") {
  for (std::string_view kind : kDetectorKinds) {
    INFO(kind);
    auto detector = MakeDetector(SpecOf(std::string(kind)));
    double max_before = 0;
    for (int i = 0; i < 2000; ++i) {
      Score s = detector->Update({i * 5.0, 20 + 3 * std::sin(i * 2 * M_PI / 20)});
      if (i > 500) max_before = std::max(max_before, s.score);
    }
    double max_after = 0;
    for (int i = 2000; i < 2060; ++i) max_after = std::max(max_after, detector->Update({i * 5.0, 80}).score);
    CHECK(max_before < 0.5);
    CHECK(max_after >= 0.9);
  }
}

TEST_CASE("every detector: a state written as JSON and loaded goes on scoring the same") {
  for (std::string_view kind : kDetectorKinds) {
    INFO(kind);
    DetectorSpec spec = SpecOf(std::string(kind));
    auto a = MakeDetector(spec);
    for (int i = 0; i < 700; ++i) a->Update({i * 2.0, 50 + 10 * std::sin(i * 0.05) + (i % 13)});
    Result<std::string> json = ToJson(a->State());
    REQUIRE(json.ok());
    Result<Value> state = ParseJson(*json, "state");
    REQUIRE(state.ok());
    Result<std::unique_ptr<Detector>> b = LoadDetector(spec, *state);
    REQUIRE(b.ok());
    CHECK(ToJson((*b)->State()).value() == *json);
    for (int i = 700; i < 900; ++i) {
      double v = 50 + 10 * std::sin(i * 0.05) + (i % 13) + (i == 800 ? 60 : 0);
      Score sa = a->Update({i * 2.0, v});
      Score sb = (*b)->Update({i * 2.0, v});
      REQUIRE(sa.score == Approx(sb.score).margin(1e-6));
    }
  }
}

TEST_CASE("every detector: a level shift across a long gap is learned, not raised") {
  for (std::string_view kind : kDetectorKinds) {
    INFO(kind);
    DetectorSpec spec = SpecOf(std::string(kind));
    auto detector = MakeDetector(spec);
    for (int i = 0; i < 1000; ++i) detector->Update({i * 2.0, 10.0 + (i % 3)});
    // An hour of nothing (1800 intervals), then the series at another level.
    Score first = detector->Update({2000.0 + 3600, 50});
    CHECK_FALSE(first.warm);
    CHECK(first.score == 0);
    for (std::size_t i = 1; i < spec.warmup; ++i) CHECK(detector->Update({5600.0 + 2 * i, 50.0 + (i % 3)}).score == 0);
    // The interval after the gap is the usual one again: no re-warm.
    CHECK(detector->Update({5600.0 + 2 * spec.warmup, 51}).warm);
  }
}

TEST_CASE("relative_entropy: the chi-square quantile is close to the exact one") {
  // scipy.stats.chi2.isf(0.01, 4) = 13.2767, isf(0.05, 9) = 16.9190
  CHECK(ChiSquareUpperQuantile(0.01, 4) == Approx(13.2767).epsilon(0.005));
  CHECK(ChiSquareUpperQuantile(0.05, 9) == Approx(16.9190).epsilon(0.005));
}

}  // namespace
}  // namespace evt::detect
