// Exact fractions for money and burn-rate factors: a price of 0.0075 EUR per
// 10,000 requests must equal 75 per 1,000,000, and ten million small costs
// must add up to exactly what one multiplication gives. Doubles cannot
// promise either; a 128-bit numerator and denominator can for every figure
// an event sees. Rounding (half up) happens only when a figure is reported.
#pragma once

#include <cstdint>
#include <string>

namespace evt::budget {

__extension__ typedef __int128 Int128;

class Rational {
 public:
  Rational() = default;
  Rational(std::int64_t whole) : num_(whole) {}  // NOLINT: a whole number is a fraction
  // REQUIRES: den != 0. Kept reduced, with a positive denominator.
  Rational(Int128 num, Int128 den);

  Int128 num() const { return num_; }
  Int128 den() const { return den_; }
  bool is_zero() const { return num_ == 0; }
  bool is_negative() const { return num_ < 0; }

  // Rounded to the nearest integer, halves away from zero (half up for the
  // positive amounts money is).
  std::int64_t RoundHalfUp() const;
  double ToDouble() const;
  // "72/5", or "3" for a whole number: for test messages.
  std::string ToString() const;

  friend Rational operator+(const Rational& a, const Rational& b);
  friend Rational operator-(const Rational& a, const Rational& b);
  friend Rational operator*(const Rational& a, const Rational& b);
  // REQUIRES: !b.is_zero()
  friend Rational operator/(const Rational& a, const Rational& b);
  friend bool operator==(const Rational& a, const Rational& b) { return a.num_ == b.num_ && a.den_ == b.den_; }
  friend bool operator<(const Rational& a, const Rational& b);
  friend bool operator<=(const Rational& a, const Rational& b) { return !(b < a); }
  friend bool operator>(const Rational& a, const Rational& b) { return b < a; }
  friend bool operator>=(const Rational& a, const Rational& b) { return !(a < b); }

 private:
  Int128 num_ = 0;
  Int128 den_ = 1;
};

}  // namespace evt::budget
