#include "tools/price/money.h"

#include <limits>

#include "common/decimal.h"

namespace evt::price {

Money DivideRoundHalfUp(Wide numerator, Wide denominator) {
  // Nearly always both fit in 64 bits, where division is several times
  // cheaper than a 128-bit one (a library call); the same steps, the same
  // result. The remainder is below the denominator, so doubling it fits.
  constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
  if (numerator >= -kMax && numerator <= kMax && denominator > 0 && denominator <= kMax / 2) {
    auto n = static_cast<std::int64_t>(numerator);
    auto d = static_cast<std::int64_t>(denominator);
    std::int64_t quotient = n / d;
    if ((n % d) * 2 >= d) ++quotient;
    return quotient;
  }
  Wide quotient = numerator / denominator;
  Wide remainder = numerator % denominator;
  if (remainder * 2 >= denominator) ++quotient;
  return static_cast<Money>(quotient);
}

Money ApplyRate(Money amount, Rate rate) {
  return DivideRoundHalfUp(static_cast<Wide>(amount) * rate.scaled, kRateScale);
}

Money ExtractInclusiveTax(Money gross, Rate rate) {
  return DivideRoundHalfUp(static_cast<Wide>(gross) * rate.scaled,
                           static_cast<Wide>(kRateScale) + rate.scaled);
}

std::optional<std::int64_t> ExactDecimal(double value, int scale_digits) {
  if (!(value >= 0) || value > 1e15) return std::nullopt;
  std::optional<Decimal> d = DecimalOfDouble(value);
  if (!d) return std::nullopt;
  return ScaledInteger(*d, scale_digits);
}

std::string FormatAmount(Money amount, int minor_digits) {
  bool negative = amount < 0;
  // Through unsigned, so INT64_MIN has a magnitude too.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  // Digits from the right: the minor units, the point, then at least one more.
  char buffer[48];
  char* end = buffer + sizeof buffer;
  char* p = end;
  for (int i = 0; i < minor_digits; ++i, magnitude /= 10) *--p = static_cast<char>('0' + magnitude % 10);
  if (minor_digits > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude > 0);
  if (negative) *--p = '-';
  return std::string(p, end);
}

}  // namespace evt::price
