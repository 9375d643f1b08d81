#include "common/currency.h"

#include <catch2/catch.hpp>

TEST_CASE("currency: an amount in minor units shown with the currency's own digits", "[currency]") {
  CHECK(evt::MajorUnitsText(250, "EUR") == "2.50");
  CHECK(evt::MajorUnitsText(250, "JPY") == "250");
  CHECK(evt::MajorUnitsText(1250, "KWD") == "1.250");
  CHECK(evt::MajorUnitsText(0.06, "EUR", 4) == "0.000600");
  CHECK(evt::MajorUnitsText(0.06, "JPY", 4) == "0.0600");
  CHECK(evt::MajorUnitsText(-53, "EUR") == "-0.53");
}
