// Checks of config values that more than one part of the budget section
// makes: currency codes, exact decimal numbers.
#pragma once

#include <string>
#include <string_view>

#include "common/config_object.h"
#include "common/status.h"
#include "tools/budget/rational.h"

namespace evt::budget {

// Three capital letters, as ISO 4217 writes them.
bool IsCurrencyCode(const std::string& s);
// The number at `key` as the decimal written (see decimal.h); Config error
// when absent or not a number.
Result<Rational> ExactNumber(const ConfigObject& object, std::string_view key);

}  // namespace evt::budget
