// ISO 4217 codes and how many minor-unit digits each has. Amounts are always
// integers in minor units; the digits only decide how an amount is shown.
#pragma once

#include <string_view>

namespace evt::price {

// Three capital letters A-Z.
bool IsCurrencyCode(std::string_view code);

// 0 for JPY, 3 for KWD, 2 for the rest (ISO 4217's exceptions listed in
// currency.cc; the list 4217 maintains changes rarely).
int MinorUnitDigits(std::string_view code);

}  // namespace evt::price
