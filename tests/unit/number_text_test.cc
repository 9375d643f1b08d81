#include "common/number_text.h"

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

namespace evt {
namespace {

using std::chrono::milliseconds;

TEST_CASE("number text: the shortest text that reads back the same double", "[number_text]") {
  CHECK(ShortestText(0.0075) == "0.0075");
  CHECK(ShortestText(0.1 + 0.2) == "0.30000000000000004");
  CHECK(ShortestText(123456789.0) == "123456789");
  CHECK(ShortestText(2.5) == "2.5");
  CHECK(ShortestText(-97) == "-97");
  CHECK(ShortestText(1e21) == "1e+21");
  CHECK(ShortestText(1e-7) == "1e-07");
  CHECK(ShortestText(1796464800.25) == "1796464800.25");
  // to_chars alone picks the shorter form: 1.7e+09 for a Unix time, 5e-04.
  CHECK(ShortestText(1700000000.0) == "1700000000");
  CHECK(ShortestText(0.0005) == "0.0005");
  CHECK(ShortestText(1e14) == "100000000000000");
  CHECK(std::stod(ShortestText(1.0 / 3)) == 1.0 / 3);
}

TEST_CASE("number text: zero has no sign, NaN and the infinities as Prometheus spells them", "[number_text]") {
  CHECK(ShortestText(0.0) == "0");
  CHECK(ShortestText(-0.0) == "0");
  CHECK(ShortestText(std::nan("")) == "NaN");
  CHECK(ShortestText(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(ShortestText(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(FixedText(std::nan(""), 2) == "NaN");
  CHECK(SignificantText(-std::numeric_limits<double>::infinity(), 3) == "-Inf");
}

TEST_CASE("number text: fixed decimals never print a negative zero", "[number_text]") {
  CHECK(FixedText(0.5, 2) == "0.50");
  CHECK(FixedText(12.4, 0) == "12");
  CHECK(FixedText(-3.14159, 1) == "-3.1");
  CHECK(FixedText(-0.0, 2) == "0.00");
  CHECK(FixedText(-0.004, 2) == "0.00");
  CHECK(FixedText(-0.4, 0) == "0");
  CHECK(FixedText(-0.006, 2) == "-0.01");
  CHECK(FixedText(1e21, 0) == "1000000000000000000000");
  CHECK(PercentText(-0.001) == "0%");
  CHECK(PercentText(0.125, 1) == "12.5%");
  CHECK(PercentText(1) == "100%");
}

TEST_CASE("number text: significant digits without an exponent for ordinary sizes", "[number_text]") {
  CHECK(SignificantText(0.00123456, 4) == "0.001235");
  CHECK(SignificantText(1.5, 4) == "1.5");
  CHECK(SignificantText(12345.6, 4) == "12346");
  CHECK(SignificantText(0.5, 3) == "0.5");
  CHECK(SignificantText(-0.00001, 1) == "-1e-05");
  CHECK(SignificantText(-0.0, 3) == "0");
  CHECK(SignificantText(1e21, 4) == "1e+21");
}

TEST_CASE("number text: three digits for a measured value of any size", "[number_text]") {
  CHECK(ThreeDigitText(0.4213) == "0.42");
  CHECK(ThreeDigitText(9.996) == "10.0");
  CHECK(ThreeDigitText(12.34) == "12.3");
  CHECK(ThreeDigitText(99.96) == "100");
  CHECK(ThreeDigitText(1234.4) == "1234");
  CHECK(ThreeDigitText(-0.001) == "0.00");
}

TEST_CASE("number text: a duration in at most two units", "[number_text]") {
  CHECK(DurationText(milliseconds(0)) == "0s");
  CHECK(DurationText(milliseconds(250)) == "250ms");
  CHECK(DurationText(milliseconds(999)) == "999ms");
  CHECK(DurationText(milliseconds(1000)) == "1.0s");
  CHECK(DurationText(milliseconds(10'004)) == "10.0s");
  CHECK(DurationText(milliseconds(117'000)) == "1m57s");
  CHECK(DurationText(milliseconds(65'000)) == "1m05s");
  CHECK(DurationText(milliseconds(2 * 3'600'000 + 5 * 60'000 + 12'000)) == "2h05m");
  CHECK(DurationText(milliseconds(3 * 86'400'000LL + 4 * 3'600'000)) == "3d04h");
  CHECK(DurationText(milliseconds(-117'000)) == "-1m57s");
}

TEST_CASE("number text: rounding a duration carries into the larger unit", "[number_text]") {
  CHECK(DurationText(milliseconds(59'949)) == "59.9s");
  CHECK(DurationText(milliseconds(59'960)) == "1m00s");
  CHECK(DurationText(milliseconds(3'599'400)) == "59m59s");
  CHECK(DurationText(milliseconds(3'599'600)) == "1h00m");
  CHECK(DurationText(milliseconds(86'400'000 - 20'000)) == "1d00h");
  CHECK(DurationText(milliseconds(std::numeric_limits<std::int64_t>::min())).front() == '-');
}

TEST_CASE("number text: durations from fractional milliseconds and seconds", "[number_text]") {
  CHECK(MillisDurationText(10'004.4) == "10.0s");
  CHECK(MillisDurationText(-0.3) == "0s");
  CHECK(SecondsDurationText(59.96) == "1m00s");
  CHECK(SecondsDurationText(0.25) == "250ms");
  CHECK(SecondsDurationText(std::nan("")) == "NaN");
  CHECK(MillisDurationText(1e300) == "1e+300");
}

TEST_CASE("number text: milliseconds as seconds keep the digits people wrote", "[number_text]") {
  CHECK(131.7 / 1000 != 0.1317);
  CHECK(MillisAsSeconds(131.7) == 0.1317);
  CHECK(ShortestText(MillisAsSeconds(131.7)) == "0.1317");
  CHECK(ShortestText(MillisAsSeconds(88.1)) == "0.0881");
  CHECK(MillisAsSeconds(0) == 0);
  CHECK(MillisAsSeconds(-2.5) == -0.0025);
}

}  // namespace
}  // namespace evt
