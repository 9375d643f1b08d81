// contextual (contextual.h): what its tagged count table promises.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "engine/detect/contextual.h"
#include "engine/detect/detector.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

using testing::SpecOf;

// A square wave between two levels, `period` samples each, with noise far
// below the gap between them; the noise is a fixed pattern so runs compare.
double Square(int i, int period) { return ((i / period) % 2 == 0 ? 10.0 : 20.0) + 0.05 * std::sin(i * 1.7); }

TEST_CASE("contextual: a habitual pattern scores low, a transition it never made scores high") {
  auto detector = MakeDetector(SpecOf("contextual"));
  int i = 0;
  for (; i < 4000; ++i) detector->Update({double(i), Square(i, 10)});
  double usual = 0;
  for (int end = i + 40; i < end; ++i) usual = std::max(usual, detector->Update({double(i), Square(i, 10)}).score);
  CHECK(usual < 0.3);
  // Inside the range, but a level the wave never visits: new in every context.
  Score odd = detector->Update({double(i), 15.0});
  CHECK(odd.warm);
  CHECK(odd.score > 0.9);
  // The second such sample confirms a change: the first, left out of the
  // context, is not counted before it is scored.
  Score again = detector->Update({double(i + 1), 15.0});
  CHECK(again.score == Approx(odd.score));
}

TEST_CASE("contextual: the count table keeps its size however many contexts a series shows") {
  DetectorSpec spec = SpecOf("contextual");
  spec.levels = 16;
  spec.context = 6;
  auto detector = MakeDetector(spec);
  std::size_t before = detector->StateBytes();
  CHECK(before <= kMaxStateBytes);
  // A slow walk through all 16 levels with many distinct histories.
  for (int i = 0; i < 50000; ++i) detector->Update({double(i), 100 * std::sin(i * 0.013) * std::sin(i * 0.0071)});
  CHECK(detector->StateBytes() == before);
  Value state = detector->State();
  const Value* counts = state.find("detector")->find("counts");
  REQUIRE(counts != nullptr);
  CHECK(counts->as_array().size() <= Contextual::kEntries);
}

TEST_CASE("contextual: a bad counts entry is refused naming the field") {
  auto trained = MakeDetector(SpecOf("contextual"));
  for (int i = 0; i < 200; ++i) trained->Update({double(i), Square(i, 10)});
  Value state = trained->State();
  Value detector = *state.find("detector");
  for (Value bad : {Value::array({Value(0), Value(3)}), Value::array({Value(0), Value(0), Value(3)}),
                    Value::array({Value(int(Contextual::kEntries)), Value(1), Value(3)})}) {
    Value broken = detector;
    broken.set("counts", Value::array({bad}));
    Result<std::unique_ptr<Detector>> d =
        LoadDetector(SpecOf("contextual"), Value::object({{"detector", broken}}));
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == ExitCode::kDataErr);
    CHECK(d.status().message() == "detector: counts: expected [entry 0.." + std::to_string(Contextual::kEntries - 1) +
                                      ", tag 1..255, count 0..255] triples");
  }
}

}  // namespace
}  // namespace evt::detect
