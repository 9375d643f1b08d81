// ISO 4217 codes and how many minor-unit digits each has. Amounts are always
// integers in minor units; the digits only decide how an amount is shown
// (evt-price's quotes and receipts, evt-budget's money budgets).
#pragma once

#include <string>
#include <string_view>

namespace evt {

// Three capital letters A-Z.
bool IsCurrencyCode(std::string_view code);

// 0 for JPY, 3 for KWD, 2 for the rest (ISO 4217's exceptions listed in
// currency.cc; the list 4217 maintains changes rarely).
int MinorUnitDigits(std::string_view code);

// An amount in minor units shown in major units with the currency's digits
// and `extra` more (a price per unit is finer than a cent): 250 EUR is
// "2.50", 250 JPY "250", 0.06 EUR with extra 4 "0.000600".
std::string MajorUnitsText(double minor_units, std::string_view code, int extra = 0);

}  // namespace evt
