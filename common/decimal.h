// Numbers read as the decimals people wrote, not as the binary doubles a
// JSON parser holds: 0.0075 is exactly 75 * 10^-4. The shortest text that
// round-trips a double (std::to_chars) is the decimal that was written,
// for up to 15 significant digits, so that text is what DecimalOfDouble
// reads. The one exact-decimal reader of the tools: price's amounts and
// rates, budget's prices and quantities.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace evt {

// digits * 10^exponent, exactly: "-1.25e-7" is {-125, -9}.
struct Decimal {
  __extension__ __int128 digits = 0;  // negative for a negative number
  int exponent = 0;                   // within +-kMaxDecimalExponent
  friend bool operator==(const Decimal&, const Decimal&) = default;
};

inline constexpr int kMaxDecimalExponent = 1'000'000;

// A number in JSON's syntax: an optional '-', an integer part without
// leading zeros, an optional fraction, an optional exponent ('e' or 'E',
// then a sign and digits). nullopt for anything else, for more significant
// digits than 30 (they would not fit the 128-bit digits), and for an
// exponent beyond kMaxDecimalExponent.
std::optional<Decimal> ParseDecimal(std::string_view text);

// The decimal `value` was written as (see the top). nullopt for NaN and
// the infinities.
std::optional<Decimal> DecimalOfDouble(double value);

// d * 10^scale_digits as a 64-bit integer: 12.5 with 7 digits is
// 125000000. nullopt when a fraction would remain or it does not fit.
std::optional<std::int64_t> ScaledInteger(const Decimal& d, int scale_digits);

}  // namespace evt
