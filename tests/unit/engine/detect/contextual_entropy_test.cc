// contextual_entropy (contextual_entropy.h): the higher of its two halves,
// each resting on its own.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "engine/detect/contextual_entropy.h"
#include "engine/detect/detector.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

using testing::SpecOf;

// Steady noise, then the same values twice as spread (a window unlike the
// ones before), then a value far out: something for each half.
double Series(int i, std::mt19937_64& rng) {
  std::normal_distribution<double> noise(0, 1);
  double spread = i < 1500 ? 1 : 2;
  return 50 + spread * noise(rng) + (i == 2500 ? 40 : 0);
}

TEST_CASE("contextual_entropy: without rest, the score is the higher of the halves'") {
  std::uint64_t seed = testing::TestSeed(31);
  DetectorSpec spec = SpecOf("contextual_entropy");
  ContextualEntropy pair(spec);
  ContextualEntropy::ContextualHalf contextual(spec);
  ContextualEntropy::EntropyHalf entropy(spec);
  std::mt19937_64 rng(seed);
  bool entropy_led = false, contextual_led = false;
  for (int i = 0; i < 3000; ++i) {
    Sample sample{double(i), Series(i, rng)};
    Score c = contextual.Update(sample);
    Score e = entropy.Update(sample);
    Score p = pair.Update(sample);
    double expected = std::max(c.warm ? c.score : 0, e.warm ? e.score : 0);
    REQUIRE(p.score == Approx(expected).margin(1e-12));
    CHECK(p.warm == (c.warm || e.warm));
    entropy_led = entropy_led || (e.score > c.score + 0.5);
    contextual_led = contextual_led || (c.score > e.score + 0.5);
  }
  CHECK(entropy_led);
  CHECK(contextual_led);
}

TEST_CASE("contextual_entropy: each half rests on its own") {
  // A window change makes relative_entropy score 1 for many samples in a
  // row; a value far out a little later still scores in the pair.
  DetectorSpec spec = SpecOf("contextual_entropy");
  spec.rest = 50;
  spec.rest_above = 0.9;
  ContextualEntropy pair(spec);
  ContextualEntropy::EntropyHalf entropy(spec);
  std::mt19937_64 rng(7);
  int entropy_high_at = -1;
  double far_out = 0;
  for (int i = 0; i < 2000; ++i) {
    std::normal_distribution<double> noise(0, 1);
    double v = 50 + (i < 1000 ? 1 : 3) * noise(rng);
    if (entropy_high_at >= 0 && i == entropy_high_at + 10) v = 500;
    Sample sample{double(i), v};
    Score e = entropy.Update(sample);
    Score p = pair.Update(sample);
    if (entropy_high_at < 0 && i >= 1000 && e.warm && e.score >= 0.9) entropy_high_at = i;
    if (entropy_high_at >= 0 && i == entropy_high_at + 10) far_out = p.score;
  }
  REQUIRE(entropy_high_at >= 0);
  CHECK(far_out >= 0.9);
}

TEST_CASE("contextual_entropy: a state without a half is refused naming it") {
  ContextualEntropy pair(SpecOf("contextual_entropy"));
  Value state = pair.State();
  Value without = Value::object({{"contextual", *state.find("contextual")}});
  Status status = pair.LoadState(without);
  CHECK(status.code() == ExitCode::kDataErr);
  CHECK(status.message() == "relative_entropy: missing");
}

}  // namespace
}  // namespace evt::detect
