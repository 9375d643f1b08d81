// Numbers from JSON read as the decimals people wrote (common/decimal.h),
// as budget's exact fractions: 0.0075 becomes exactly 75/10000.
#pragma once

#include <cstdint>
#include <optional>

#include "common/status.h"
#include "common/value.h"
#include "tools/budget/rational.h"

namespace evt::budget {

// The exact decimal value of a JSON number. DataErr "expected a number, got
// …" for anything else, and for NaN or infinity.
Result<Rational> ExactDecimal(const Value& v);

// Millionths of a unit, the ledger's quantity: nullopt when `r` has more
// than six decimals or does not fit 64 bits.
std::optional<std::int64_t> ToMicro(const Rational& r);

}  // namespace evt::budget
