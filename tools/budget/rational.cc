#include "tools/budget/rational.h"

#include <cassert>

namespace evt::budget {
namespace {

Int128 Abs(Int128 v) { return v < 0 ? -v : v; }

Int128 Gcd(Int128 a, Int128 b) {
  a = Abs(a);
  b = Abs(b);
  while (b != 0) {
    Int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

std::string Digits(Int128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  std::string out;
  while (v != 0) {
    int digit = static_cast<int>(v % 10);
    out.insert(out.begin(), static_cast<char>('0' + (digit < 0 ? -digit : digit)));
    v /= 10;
  }
  if (negative) out.insert(out.begin(), '-');
  return out;
}

}  // namespace

Rational::Rational(Int128 num, Int128 den) {
  assert(den != 0);
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Int128 g = Gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  num_ = num;
  den_ = den;
}

std::int64_t Rational::RoundHalfUp() const {
  Int128 twice = 2 * Abs(num_) + den_;
  Int128 magnitude = twice / (2 * den_);
  return static_cast<std::int64_t>(num_ < 0 ? -magnitude : magnitude);
}

double Rational::ToDouble() const {
  Int128 whole = num_ / den_;
  Int128 rest = num_ % den_;
  return static_cast<double>(whole) + static_cast<double>(rest) / static_cast<double>(den_);
}

std::string Rational::ToString() const {
  return den_ == 1 ? Digits(num_) : Digits(num_) + "/" + Digits(den_);
}

Rational operator+(const Rational& a, const Rational& b) {
  if (a.den_ == b.den_) return Rational(a.num_ + b.num_, a.den_);
  return Rational(a.num_ * b.den_ + b.num_ * a.den_, a.den_ * b.den_);
}

Rational operator-(const Rational& a, const Rational& b) {
  if (a.den_ == b.den_) return Rational(a.num_ - b.num_, a.den_);
  return Rational(a.num_ * b.den_ - b.num_ * a.den_, a.den_ * b.den_);
}

Rational operator*(const Rational& a, const Rational& b) {
  // Cross-reduce first so the products stay small.
  Int128 g1 = Gcd(a.num_, b.den_);
  Int128 g2 = Gcd(b.num_, a.den_);
  if (g1 == 0) g1 = 1;
  if (g2 == 0) g2 = 1;
  return Rational((a.num_ / g1) * (b.num_ / g2), (a.den_ / g2) * (b.den_ / g1));
}

Rational operator/(const Rational& a, const Rational& b) {
  assert(!b.is_zero());
  return a * Rational(b.den_, b.num_);
}

bool operator<(const Rational& a, const Rational& b) { return a.num_ * b.den_ < b.num_ * a.den_; }

}  // namespace evt::budget
