// Numbers from JSON read as the decimals people wrote, not as the binary
// doubles the parser holds: 0.0075 becomes exactly 75/10000. The shortest
// text that round-trips a double is the decimal that was written (for up
// to 15 significant digits), so that text is what we read.
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
