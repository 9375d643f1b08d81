#include "tools/budget/decimal.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace evt::budget {
namespace {

constexpr std::int64_t kMicro = 1000000;

Int128 PowerOfTen(int exponent) {
  Int128 p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
}

// "1.25e-07" -> 125 * 10^(-2-7): digits with the point removed, and the
// power of ten they are scaled by.
Rational ParseDecimalText(const std::string& text) {
  std::size_t e = text.find_first_of("eE");
  std::string mantissa = text.substr(0, e);
  int exponent = e == std::string::npos ? 0 : std::atoi(text.c_str() + e + 1);
  bool negative = !mantissa.empty() && mantissa[0] == '-';
  Int128 digits = 0;
  bool after_point = false;
  for (char c : mantissa) {
    if (c == '.') {
      after_point = true;
    } else if (c >= '0' && c <= '9') {
      digits = digits * 10 + (c - '0');
      if (after_point) --exponent;
    }
  }
  if (negative) digits = -digits;
  if (exponent >= 0) return Rational(digits * PowerOfTen(exponent), 1);
  return Rational(digits, PowerOfTen(-exponent));
}

}  // namespace

Result<Rational> ExactDecimal(const Value& v) {
  if (v.is_int()) return Rational(v.as_int());
  if (v.type() == Value::Type::kUint) return Status::DataErr("expected a number below 2^63, got " + std::to_string(v.as_uint()));
  if (v.type() != Value::Type::kDouble) {
    return Status::DataErr("expected a number, got " + std::string(v.type_name()));
  }
  double d = v.as_double();
  if (!std::isfinite(d)) return Status::DataErr("expected a finite number");
  // Beyond 1e30 the digits no longer fit 128 bits once scaled; no quantity
  // or price of an event comes near.
  if (std::fabs(d) >= 1e30) return Status::DataErr("number too large: " + std::to_string(d));
  if (d != 0 && std::fabs(d) < 1e-12) return Status::DataErr("number too small to keep exactly: " + std::to_string(d));
  char buffer[64];
  std::to_chars_result end = std::to_chars(buffer, buffer + sizeof buffer, d);
  return ParseDecimalText(std::string(buffer, end.ptr));
}

std::optional<std::int64_t> ToMicro(const Rational& r) {
  Rational scaled = r * Rational(kMicro);
  if (scaled.den() != 1) return std::nullopt;
  Int128 n = scaled.num();
  if (n > INT64_MAX || n < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(n);
}

}  // namespace evt::budget
