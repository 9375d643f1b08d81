#include <catch2/catch.hpp>

#include "common/value.h"
#include "tools/budget/decimal.h"
#include "tools/budget/rational.h"

using evt::Value;
using evt::budget::ExactDecimal;
using evt::budget::Rational;
using evt::budget::ToMicro;

TEST_CASE("budget money: 0.0075 EUR per 10,000 is exactly 75 per 1,000,000", "[budget]") {
  // Prices are minor units: 0.75 cent per 10,000 requests.
  auto price = ExactDecimal(Value(0.75));
  REQUIRE(price.ok());
  CHECK(*price / Rational(10000) == Rational(75) / Rational(1000000));
  CHECK(*price / Rational(10000) == Rational(3, 40000));
}

TEST_CASE("budget money: decimals are read as written, not as binary doubles", "[budget]") {
  CHECK(*ExactDecimal(Value(0.1)) == Rational(1, 10));
  CHECK(*ExactDecimal(Value(1e-7)) == Rational(1, 10000000));
  CHECK(*ExactDecimal(Value(2.5e6)) == Rational(2500000));
  CHECK(*ExactDecimal(Value(-0.125)) == Rational(-1, 8));
  CHECK(*ExactDecimal(Value(int64_t{42})) == Rational(42));
  CHECK_FALSE(ExactDecimal(Value("1")).ok());
  CHECK(ToMicro(Rational(1, 10)) == 100000);
  CHECK_FALSE(ToMicro(Rational(1, 10000000)).has_value());
}

TEST_CASE("budget money: rounds half up only when reported", "[budget]") {
  CHECK(Rational(5, 2).RoundHalfUp() == 3);
  CHECK(Rational(3, 2).RoundHalfUp() == 2);
  CHECK(Rational(1, 2).RoundHalfUp() == 1);
  CHECK(Rational(49, 100).RoundHalfUp() == 0);
  CHECK(Rational(-5, 2).RoundHalfUp() == -3);
  CHECK(Rational(7).RoundHalfUp() == 7);
}

TEST_CASE("budget money: ten million small costs add up without drift", "[budget]") {
  // Each record: 3 CDN requests at 0.75 cent per 10,000 requests.
  const Rational per_request = Rational(3, 4) / Rational(10000);
  const Rational one = Rational(3) * per_request;
  Rational exact;
  double floating = 0;
  for (int i = 0; i < 10'000'000; ++i) {
    exact = exact + one;
    floating += 3 * 0.75 / 10000;
  }
  CHECK(exact == Rational(2250));
  CHECK(exact.RoundHalfUp() == 2250);
  // What the same sum in doubles does, and why the ledger does not use them.
  CHECK(floating != 2250.0);
}
