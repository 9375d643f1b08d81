#include "tools/budget/config_fields.h"

#include <algorithm>

#include "tools/budget/decimal.h"

namespace evt::budget {

bool IsCurrencyCode(const std::string& s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

Result<Rational> ExactNumber(const ConfigObject& object, std::string_view key) {
  const Value* raw = object.Raw(key);
  if (!raw) return object.Error(key, "required");
  Result<Rational> r = ExactDecimal(*raw);
  if (!r.ok()) return Status::Config(object.Where(key) + ": " + r.status().message());
  return r;
}

}  // namespace evt::budget
