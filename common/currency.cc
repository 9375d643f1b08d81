#include "common/currency.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "common/number_text.h"

namespace evt {

namespace {

constexpr std::array<std::string_view, 17> kNoMinorUnit = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                           "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                           "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 7> kThreeMinorDigits = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

bool IsCurrencyCode(std::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

int MinorUnitDigits(std::string_view code) {
  if (Contains(kNoMinorUnit, code)) return 0;
  if (Contains(kThreeMinorDigits, code)) return 3;
  return 2;
}

std::string MajorUnitsText(double minor_units, std::string_view code, int extra) {
  const int digits = MinorUnitDigits(code);
  return FixedText(minor_units / std::pow(10.0, digits), digits + extra);
}

}  // namespace evt
