#include "engine/detect/state_value.h"

#include <cmath>
#include <string>

namespace evt::detect {
namespace {

Status Bad(std::string_view key, std::string_view what) {
  return Status::DataErr(std::string(key) + ": " + std::string(what));
}

const Value* Field(const Value& state, std::string_view key) {
  return state.is_object() ? state.find(key) : nullptr;
}

}  // namespace

Status ReadNumber(const Value& state, std::string_view key, double& out) {
  const Value* v = Field(state, key);
  if (v == nullptr) return Bad(key, "missing");
  if (!v->is_number() || !std::isfinite(v->as_double())) return Bad(key, "expected a finite number");
  out = v->as_double();
  return Status::Ok();
}

Status ReadNumbers(const Value& state, std::string_view key, std::size_t max_count, std::vector<double>& out) {
  const Value* v = Field(state, key);
  if (v == nullptr) return Bad(key, "missing");
  if (!v->is_array()) return Bad(key, "expected an array of numbers");
  if (v->as_array().size() > max_count) {
    return Bad(key, "expected at most " + std::to_string(max_count) + " numbers, got " +
                        std::to_string(v->as_array().size()));
  }
  out.clear();
  for (const Value& item : v->as_array()) {
    if (!item.is_number() || !std::isfinite(item.as_double())) return Bad(key, "expected finite numbers");
    out.push_back(item.as_double());
  }
  return Status::Ok();
}

Status ReadCount(const Value& state, std::string_view key, std::size_t max, std::size_t& out) {
  const Value* v = Field(state, key);
  if (v == nullptr) return Bad(key, "missing");
  if (!v->is_integer() || (v->is_int() && v->as_int() < 0) || v->as_double() > static_cast<double>(max)) {
    return Bad(key, "expected a whole number from 0 to " + std::to_string(max));
  }
  out = static_cast<std::size_t>(v->as_double());
  return Status::Ok();
}

Array NumbersToArray(const double* first, std::size_t n) {
  Array out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.emplace_back(first[i]);
  return out;
}

}  // namespace evt::detect
