#include "tools/price/money.h"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <string_view>

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

std::optional<Money> CheckedMultiply(Money a, std::int64_t b) {
  Money out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<Money> CheckedAdd(Money a, Money b) {
  Money out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

namespace {

// Digits and the power of ten they are scaled by: "1.25e3" -> 125, 1.
struct Decimal {
  Wide digits = 0;
  int exponent = 0;
};

std::optional<Decimal> ParseDecimalText(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  bool any = false;
  bool after_point = false;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    char c = text[i];
    if (c == '.') {
      after_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (d.digits > (static_cast<Wide>(1) << 100)) return std::nullopt;
    d.digits = d.digits * 10 + (c - '0');
    if (after_point) --d.exponent;
    any = true;
  }
  if (!any) return std::nullopt;
  if (i < text.size()) {
    int e = 0;
    std::string_view rest = text.substr(i + 1);
    if (!rest.empty() && rest[0] == '+') rest.remove_prefix(1);
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), e);
    if (ec != std::errc() || end != rest.data() + rest.size()) return std::nullopt;
    d.exponent += e;
  }
  return d;
}

}  // namespace

std::optional<std::int64_t> ExactDecimal(double value, int scale_digits) {
  if (!(value >= 0) || value > 1e15) return std::nullopt;
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return std::nullopt;
  std::optional<Decimal> d = ParseDecimalText(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
  if (!d) return std::nullopt;
  int shift = d->exponent + scale_digits;
  Wide scaled = d->digits;
  for (; shift > 0; --shift) {
    scaled *= 10;
    if (scaled > INT64_MAX) return std::nullopt;
  }
  for (; shift < 0; ++shift) {
    if (scaled % 10 != 0) return std::nullopt;
    scaled /= 10;
  }
  if (scaled > INT64_MAX) return std::nullopt;
  return static_cast<std::int64_t>(scaled);
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
