#include "tools/price/money.h"

#include <catch2/catch.hpp>

#include "tools/price/allocation.h"
#include "common/currency.h"

using namespace evt::price;
using evt::IsCurrencyCode;
using evt::MinorUnitDigits;

TEST_CASE("price money: percentages round half up once", "[price]") {
  Rate pct25{250'000'000};
  Rate pct15{150'000'000};
  CHECK(ApplyRate(1999, pct25) == 500);  // 499.75 -> 5.00 off: 19.99 becomes 14.99
  CHECK(1999 - ApplyRate(1999, pct25) == 1499);
  CHECK(ApplyRate(1050, pct15) == 158);  // 157.5 -> 1.58 off: 10.50 becomes 8.92
  CHECK(1050 - ApplyRate(1050, pct15) == 892);
  CHECK(ApplyRate(0, pct15) == 0);
  CHECK(ApplyRate(INT64_MAX, Rate{kRateScale}) == INT64_MAX);
}

TEST_CASE("price money: tax extracted from an inclusive amount", "[price]") {
  Rate vat19{190'000'000};
  CHECK(ExtractInclusiveTax(11900, vat19) == 1900);
  CHECK(ExtractInclusiveTax(1000, vat19) == 160);  // 159.66 -> 160
  CHECK(ExtractInclusiveTax(0, vat19) == 0);
  CHECK(ExtractInclusiveTax(INT64_MAX, vat19) > 0);
}

TEST_CASE("price money: exact decimals from JSON numbers", "[price]") {
  CHECK(ExactDecimal(12.5, 7) == 125'000'000);
  CHECK(ExactDecimal(0.19, 9) == 190'000'000);
  CHECK(ExactDecimal(33.3333333, 7) == 333'333'333);
  CHECK(ExactDecimal(0.1, 9) == 100'000'000);
  CHECK_FALSE(ExactDecimal(0.0000000001, 9));
  CHECK_FALSE(ExactDecimal(-1, 9));
  CHECK(ExactDecimal(1e-7, 7) == 1);
}

TEST_CASE("price money: checked arithmetic refuses overflow", "[price]") {
  CHECK_FALSE(CheckedMultiply(INT64_MAX, 2));
  CHECK(CheckedMultiply(2500, 4) == 10000);
  CHECK_FALSE(CheckedAdd(INT64_MAX, 1));
}

TEST_CASE("price money: amounts formatted by the currency's minor units", "[price]") {
  CHECK(FormatAmount(1499, MinorUnitDigits("EUR")) == "14.99");
  CHECK(FormatAmount(5, 2) == "0.05");
  CHECK(FormatAmount(-53, 2) == "-0.53");
  CHECK(FormatAmount(1500, MinorUnitDigits("JPY")) == "1500");
  CHECK(FormatAmount(1250, MinorUnitDigits("KWD")) == "1.250");
  CHECK(FormatAmount(INT64_MIN, 2) == "-92233720368547758.08");
  CHECK(IsCurrencyCode("EUR"));
  CHECK_FALSE(IsCurrencyCode("eur"));
  CHECK_FALSE(IsCurrencyCode("EURO"));
}

TEST_CASE("price allocation: largest remainder, ties to the earlier line", "[price]") {
  CHECK(AllocateLargestRemainder(300, {4300, 1400, 2300}) == std::vector<Money>{161, 53, 86});
  CHECK(AllocateLargestRemainder(1, {100, 100}) == std::vector<Money>{1, 0});
  CHECK(AllocateLargestRemainder(2, {1, 1, 1}) == std::vector<Money>{1, 1, 0});
  CHECK(AllocateLargestRemainder(0, {5, 5}) == std::vector<Money>{0, 0});
  CHECK(AllocateLargestRemainder(10, {10, 0}) == std::vector<Money>{10, 0});
  CHECK(AllocateLargestRemainder(INT64_MAX, {INT64_MAX, INT64_MAX}) ==
        std::vector<Money>{INT64_MAX / 2 + 1, INT64_MAX / 2});
}
