// Exact money arithmetic: amounts are integers in minor units (cents, yen,
// fils), fractions of an amount exist only inside one computation, in
// 128 bits, and become an amount by one rounding, half up, at the one place
// the man page names for each kind of promotion. Nothing here is floating
// point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace evt::price {

using Money = std::int64_t;

// 128-bit intermediates: a product of two amounts or of an amount and a
// scaled rate never overflows here. __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 Wide;

// A fraction of a whole as an integer over kRateScale: 12.5% is 125000000,
// a 19% tax rate is 190000000. Nine decimals hold every rate and percentage
// a shop writes (12.5, 33.333, 0.0825) exactly.
inline constexpr std::int64_t kRateScale = 1'000'000'000;
struct Rate {
  std::int64_t scaled = 0;  // 0..kRateScale for discounts; tax rates may exceed 1
  friend bool operator==(const Rate&, const Rate&) = default;
};

// numerator / denominator rounded half up (towards +infinity at .5).
// REQUIRES: numerator >= 0, denominator > 0, the result fits in int64.
Money DivideRoundHalfUp(Wide numerator, Wide denominator);

// amount * rate, rounded half up: 15% of 1050 is 157.5 -> 158.
// REQUIRES: amount >= 0, rate >= 0; the product must fit int64 (it does for
// rates <= 1; callers check with FitsMoney for larger ones).
Money ApplyRate(Money amount, Rate rate);

// The tax contained in a tax-inclusive amount: amount * r / (1 + r), half up.
Money ExtractInclusiveTax(Money gross, Rate rate);

// a * b and a + b, or nullopt on int64 overflow. Inline: pricing a cart
// calls them for every line, and a call each was 3% of a steady stream.
inline std::optional<Money> CheckedMultiply(Money a, std::int64_t b) {
  Money out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}
inline std::optional<Money> CheckedAdd(Money a, Money b) {
  Money out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// A JSON number read as an exact decimal (common/decimal.h), scaled by
// `scale_digits` powers of ten. nullopt when it is negative, has more
// decimals than that, or does not fit. 12.5 with 7 digits -> 125000000.
std::optional<std::int64_t> ExactDecimal(double value, int scale_digits);

// "14.99", "1500" (JPY), "1.250" (KWD), "-0.53": an amount for people.
std::string FormatAmount(Money amount, int minor_digits);

}  // namespace evt::price
