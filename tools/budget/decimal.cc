#include "tools/budget/decimal.h"

#include <cmath>
#include <string>

#include "common/decimal.h"

namespace evt::budget {
namespace {

constexpr std::int64_t kMicro = 1000000;

Int128 PowerOfTen(int exponent) {
  Int128 p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
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
  // The checks above keep the digits and the power of ten within 128 bits.
  std::optional<Decimal> exact = DecimalOfDouble(d);
  if (!exact) return Status::DataErr("expected a finite number");
  if (exact->exponent >= 0) return Rational(exact->digits * PowerOfTen(exact->exponent), 1);
  return Rational(exact->digits, PowerOfTen(-exact->exponent));
}

std::optional<std::int64_t> ToMicro(const Rational& r) {
  Rational scaled = r * Rational(kMicro);
  if (scaled.den() != 1) return std::nullopt;
  Int128 n = scaled.num();
  if (n > INT64_MAX || n < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(n);
}

}  // namespace evt::budget
