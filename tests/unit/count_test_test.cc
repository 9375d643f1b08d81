// common/count_test.h. The figures quoted from R are R 4.2's fisher.test
// and prop.test; canary_stats_r.sh runs R itself on these and more.
#include <catch2/catch.hpp>

#include "common/count_test.h"

using namespace evt;

TEST_CASE("fisher: R's two-sided p-values, zeros included") {
  CHECK(FisherExactPValue(10, 490, 0, 500) == Approx(0.001866375604).epsilon(1e-9));
  CHECK(FisherExactPValue(50, 0, 0, 50) == Approx(1.982330604e-29).epsilon(1e-9));
  CHECK(FisherExactPValue(1, 19, 0, 30) == Approx(0.4).epsilon(1e-9));
  CHECK(FisherExactPValue(0, 50, 0, 50) == 1);
  CHECK(FisherExactPValue(0, 0, 0, 0) == 1);
}

TEST_CASE("fisher: transposing the table or swapping its columns keeps the p-value") {
  CHECK(FisherExactPValue(7, 993, 25, 975) == Approx(FisherExactPValue(25, 975, 7, 993)).epsilon(1e-12));
  CHECK(FisherExactPValue(7, 993, 25, 975) == Approx(FisherExactPValue(7, 25, 993, 975)).epsilon(1e-12));
}

TEST_CASE("fisher: tables as likely as the observed one count, though rounding differs") {
  // 4/100 against 6/100: the mirrored table (6 against 4) has the same
  // probability up to rounding, and R's 1e-7 fuzz counts it.
  CHECK(FisherExactPValue(4, 96, 6, 94) == Approx(0.7475297501).epsilon(1e-9));
  CHECK(FisherExactPValue(5, 95, 5, 95) == 1);
}

TEST_CASE("difference of proportions: prop.test's estimate and interval with Yates' correction, clipped to [-1, 1]") {
  Result<ProportionDifference> d = DifferenceOfProportions(10, 500, 0, 500);
  REQUIRE(d.ok());
  CHECK(d->estimate == Approx(0.02));
  CHECK(d->conf_low == Approx(0.00572868).epsilon(1e-6));
  CHECK(d->conf_high == Approx(0.0342713).epsilon(1e-6));
  Result<ProportionDifference> all = DifferenceOfProportions(50, 50, 0, 50);
  REQUIRE(all.ok());
  CHECK(all->conf_low == Approx(0.98));
  CHECK(all->conf_high == 1);
  Result<ProportionDifference> none = DifferenceOfProportions(0, 50, 0, 50);
  REQUIRE(none.ok());
  CHECK(none->conf_low == 0);
  CHECK(none->conf_high == 0);
}

TEST_CASE("count test: Fisher on (events, non-events) by side, with the difference") {
  Result<CountTestResult> r = CountTest(25, 1000, 7, 1000);
  REQUIRE(r.ok());
  CHECK(r->p_value == Approx(0.001939895061).epsilon(1e-9));
  CHECK(r->difference.estimate == Approx(0.018));
}

TEST_CASE("count test: impossible counts are a data error that says which side and what") {
  Result<CountTestResult> more_errors = CountTest(6, 5, 0, 10);
  REQUIRE_FALSE(more_errors.ok());
  CHECK(more_errors.status().code() == ExitCode::kDataErr);
  CHECK(more_errors.status().message() ==
        "count test: first side: 6 events among 5 trials (expected 0 <= events <= trials, trials >= 1)");
  CHECK_FALSE(CountTest(0, 10, 0, 0).ok());
  CHECK_FALSE(CountTest(-1, 10, 0, 10).ok());
  CHECK_FALSE(CountTest(0, 10, 0, 10, 0).ok());
}

TEST_CASE("fisher: millions of requests cost a window around the mode, not the whole support") {
  // 1 % against 1.2 % errors of 5 000 000 requests a side: clearly apart;
  // equal ratios: clearly not.
  CHECK(FisherExactPValue(50'000, 4'950'000, 60'000, 4'940'000) < 1e-20);
  CHECK(FisherExactPValue(50'000, 4'950'000, 50'000, 4'950'000) == Approx(1).epsilon(1e-9));
  // An observed table so unlikely its probability underflows: p is 0.
  CHECK(FisherExactPValue(5'000'000, 0, 0, 5'000'000) == 0);
}
