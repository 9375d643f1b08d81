#include "engine/nab/nab_sweep.h"

#include <catch2/catch.hpp>

#include "tests/unit/engine/nab/nab_test_util.h"

namespace evt::nab {
namespace {

TEST_CASE("nab sweep: the scaled sigmoid at a window's left edge, its right edge, and past it") {
  CHECK(ScaledSigmoid(-1.0) == Approx(0.98661).margin(1e-5));
  CHECK(ScaledSigmoid(-0.5) == Approx(0.84828).margin(1e-5));
  CHECK(ScaledSigmoid(0.0) == 0.0);
  CHECK(ScaledSigmoid(1.0) == Approx(-0.98661).margin(1e-5));
  CHECK(ScaledSigmoid(3.0) == Approx(-1.0).margin(1e-6));
  CHECK(ScaledSigmoid(3.5) == -1.0);
}

TEST_CASE("nab sweep: the probationary period is 15 % of the rows, at most 750") {
  CHECK(ProbationaryRows(100) == 15);
  CHECK(ProbationaryRows(101) == 15);
  CHECK(ProbationaryRows(4999) == 749);
  CHECK(ProbationaryRows(5001) == 750);
  CHECK(ProbationaryRows(22695) == 750);
}

TEST_CASE("nab sweep: row weights inside, before and after a window") {
  // 100 rows: rows 0..14 probationary; one window over rows 40..49 (width 10).
  const CorpusFile file = test::SyntheticFile("f.csv", 100, {{40, 49}});
  const std::vector<double> scores(100, 0.0);
  const Profile standard = test::StandardProfile();
  const std::vector<ScorableRow> rows = ScorableRows(file, scores, standard);
  REQUIRE(rows.size() == 85);
  auto at = [&](std::size_t row) { return rows[row - 15]; };
  CHECK(at(30).window == kOutsideWindows);
  CHECK(at(30).weight == Approx(-0.11));
  // The left edge is worth the whole tpWeight; the last row of the window
  // sits at -1/width, not at 0.
  CHECK(at(40).window == 0);
  CHECK(at(40).weight == Approx(1.0));
  CHECK(at(49).weight == Approx(ScaledSigmoid(-0.1) / ScaledSigmoid(-1.0)));
  CHECK(at(49).weight == Approx(0.24825).margin(1e-4));
  CHECK(at(45).weight > at(49).weight);
  // After the window a false positive costs less the nearer it is.
  CHECK(at(50).window == kOutsideWindows);
  CHECK(at(50).weight == Approx(0.11 * ScaledSigmoid(1.0 / 9.0)));
  CHECK(at(50).weight > at(60).weight);
  CHECK(at(99).weight == Approx(-0.11));
}

TEST_CASE("nab sweep: a window inside the probationary period is not scored") {
  const CorpusFile file = test::SyntheticFile("f.csv", 100, {{2, 8}, {14, 20}, {50, 60}});
  CHECK(ScoredWindows(file) == std::vector<bool>{false, true, true});
}

}  // namespace
}  // namespace evt::nab
