#include "common/decimal.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace evt {

namespace {

__extension__ typedef __int128 Wide;

// 10^30 < 2^100: thirty digits and one more multiplication by ten fit.
constexpr int kMaxDigits = 30;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Appends the digits from text[i] to `d`, counting the significant ones
// (not leading zeros) in `significant`; the index after them, or npos past
// kMaxDigits significant digits.
std::size_t TakeDigits(std::string_view text, std::size_t i, Decimal& d, int& significant, bool fraction) {
  for (; i < text.size() && IsDigit(text[i]); ++i) {
    if ((d.digits != 0 || text[i] != '0') && ++significant > kMaxDigits) return std::string_view::npos;
    d.digits = d.digits * 10 + (text[i] - '0');
    if (fraction) --d.exponent;
  }
  return i;
}

}  // namespace

std::optional<Decimal> ParseDecimal(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  bool negative = i < text.size() && text[i] == '-';
  if (negative) ++i;
  if (i == text.size() || !IsDigit(text[i])) return std::nullopt;
  if (text[i] == '0' && i + 1 < text.size() && IsDigit(text[i + 1])) return std::nullopt;  // a leading zero
  int significant = 0;
  i = TakeDigits(text, i, d, significant, false);
  if (i < text.size() && text[i] == '.') {
    std::size_t start = ++i;
    i = TakeDigits(text, i, d, significant, true);
    if (i == start) return std::nullopt;
  }
  if (i == std::string_view::npos) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::string_view rest = text.substr(i + 1);
    bool minus = !rest.empty() && rest[0] == '-';
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) rest.remove_prefix(1);
    int e = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), e);
    if (rest.empty() || !IsDigit(rest[0]) || ec != std::errc() || end != rest.data() + rest.size()) return std::nullopt;
    if (e > kMaxDecimalExponent) return std::nullopt;
    d.exponent += minus ? -e : e;
    i = text.size();
  }
  if (i != text.size() || d.exponent > kMaxDecimalExponent || d.exponent < -kMaxDecimalExponent) return std::nullopt;
  if (negative) d.digits = -d.digits;
  return d;
}

std::optional<Decimal> DecimalOfDouble(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return std::nullopt;
  return ParseDecimal(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

std::optional<std::int64_t> ScaledInteger(const Decimal& d, int scale_digits) {
  constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
  constexpr Wide kMin = std::numeric_limits<std::int64_t>::min();
  if (d.digits == 0) return 0;
  Wide scaled = d.digits;
  // Moving the point right stops at the first step past 64 bits, which
  // comes within 19 steps of any nonzero number; left, at the first
  // fraction, which comes within 31.
  for (long long shift = static_cast<long long>(d.exponent) + scale_digits; shift != 0;) {
    if (shift > 0) {
      scaled *= 10;
      if (scaled > kMax || scaled < kMin) return std::nullopt;
      --shift;
    } else {
      if (scaled % 10 != 0) return std::nullopt;
      scaled /= 10;
      ++shift;
    }
  }
  if (scaled > kMax || scaled < kMin) return std::nullopt;
  return static_cast<std::int64_t>(scaled);
}

}  // namespace evt
