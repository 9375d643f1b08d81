// common/decimal.h: the one exact-decimal reader (price's amounts and
// rates, budget's prices and quantities).
#include "common/decimal.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

using evt::Decimal;
using evt::DecimalOfDouble;
using evt::ParseDecimal;
using evt::ScaledInteger;

namespace {

Decimal D(std::int64_t digits, int exponent) { return Decimal{digits, exponent}; }

}  // namespace

TEST_CASE("decimal: JSON numbers read as digits and a power of ten", "[decimal]") {
  CHECK(ParseDecimal("0") == D(0, 0));
  CHECK(ParseDecimal("-0") == D(0, 0));
  CHECK(ParseDecimal("12.5") == D(125, -1));
  CHECK(ParseDecimal("-0.0075") == D(-75, -4));
  CHECK(ParseDecimal("1.25e-07") == D(125, -9));
  CHECK(ParseDecimal("1.25E+3") == D(125, 1));
  CHECK(ParseDecimal("2e3") == D(2, 3));
  CHECK(ParseDecimal("-5e-0") == D(-5, 0));
  CHECK(ParseDecimal("100") == D(100, 0));
  CHECK(ParseDecimal("0.000") == D(0, -3));
}

TEST_CASE("decimal: anything but a JSON number is refused", "[decimal]") {
  for (const char* text : {"", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1e-", "1e+-5", "1e--5", "1ee5",
                           "1.2.3", "1,5", " 1", "1 ", "0x10", "nan", "inf", "1e5.5", "--1", "1_000"}) {
    INFO(text);
    CHECK_FALSE(ParseDecimal(text));
  }
}

TEST_CASE("decimal: too many digits and too large exponents are refused, not wrapped", "[decimal]") {
  CHECK(ParseDecimal("123456789012345678901234567890"));                 // 30 significant digits
  CHECK_FALSE(ParseDecimal("1234567890123456789012345678901"));          // 31
  CHECK_FALSE(ParseDecimal("0.1234567890123456789012345678901"));        // 31 after the point
  CHECK(ParseDecimal("0.000000000000000000000000000000000000001"));      // leading zeros do not count
  CHECK(ParseDecimal("1e1000000"));
  CHECK_FALSE(ParseDecimal("1e1000001"));
  CHECK_FALSE(ParseDecimal("1e-1000001"));
  CHECK_FALSE(ParseDecimal("1e99999999999999999999"));
}

TEST_CASE("decimal: a double reads as the decimal written, not its binary value", "[decimal]") {
  CHECK(DecimalOfDouble(0.1) == D(1, -1));
  CHECK(DecimalOfDouble(0.0075) == D(75, -4));
  CHECK(DecimalOfDouble(-0.125) == D(-125, -3));
  CHECK(DecimalOfDouble(2.5e6) == D(2500000, 0));  // as to_chars writes it: not normalised
  CHECK(DecimalOfDouble(1e-7) == D(1, -7));
  CHECK(DecimalOfDouble(33.3333333) == D(333333333, -7));
  CHECK_FALSE(DecimalOfDouble(std::nan("")));
  CHECK_FALSE(DecimalOfDouble(std::numeric_limits<double>::infinity()));
  CHECK_FALSE(DecimalOfDouble(-std::numeric_limits<double>::infinity()));
}

TEST_CASE("decimal: scaling to an integer is exact or refused", "[decimal]") {
  CHECK(ScaledInteger(D(125, -1), 7) == 125'000'000);
  CHECK(ScaledInteger(D(19, -2), 9) == 190'000'000);
  CHECK(ScaledInteger(D(-53, -2), 2) == -53);
  CHECK(ScaledInteger(D(1500, 0), 0) == 1500);
  CHECK(ScaledInteger(D(1500, 0), -2) == 15);
  CHECK(ScaledInteger(D(0, 999'999), 9) == 0);
  CHECK_FALSE(ScaledInteger(D(1, -10), 9));   // a fraction would remain
  CHECK_FALSE(ScaledInteger(D(1505, 0), -2));
  CHECK(ScaledInteger(D(INT64_MAX, 0), 0) == INT64_MAX);
  CHECK(ScaledInteger(D(INT64_MIN, 0), 0) == INT64_MIN);
  CHECK_FALSE(ScaledInteger(D(INT64_MAX / 10 + 1, 0), 1));  // overflow
  CHECK_FALSE(ScaledInteger(D(-(INT64_MAX / 10) - 2, 0), 1));
  CHECK_FALSE(ScaledInteger(D(1, 1'000'000), 0));  // stops at the first step past 64 bits
  Decimal huge = *ParseDecimal("123456789012345678900000000000");
  CHECK_FALSE(ScaledInteger(huge, 0));
  CHECK(ScaledInteger(huge, -11) == 1234567890123456789);
  CHECK_FALSE(ScaledInteger(huge, -10));
}
