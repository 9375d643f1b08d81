#include "common/value.h"

#include <cassert>

namespace evt {

double Value::as_double() const {
  switch (type()) {
    case Type::kInt: return static_cast<double>(as_int());
    case Type::kUint: return static_cast<double>(as_uint());
    case Type::kDouble: return std::get<double>(v_);
    default: assert(false && "as_double on a non-number"); return 0;
  }
}

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == key) return &v;
  return nullptr;
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->find(key));
}

Value& Value::set(std::string_view key, Value v) {
  if (Value* existing = find(key)) {
    *existing = std::move(v);
    return *existing;
  }
  return as_object().emplace_back(std::string(key), std::move(v)).second;
}

Value& Value::push_back(Value v) { return as_array().emplace_back(std::move(v)); }

std::string_view Value::TypeName(Type t) {
  switch (t) {
    case Type::kNull: return "null";
    case Type::kBool: return "a boolean";
    case Type::kInt:
    case Type::kUint: return "an integer";
    case Type::kDouble: return "a number";
    case Type::kString: return "a string";
    case Type::kArray: return "an array";
    case Type::kObject: return "an object";
  }
  return "a value";
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number() && a.type() != b.type()) {
    if (a.is_integer() && b.is_integer()) return false;  // int64 vs >INT64_MAX never equal
    return a.as_double() == b.as_double();
  }
  return a.v_ == b.v_;
}

}  // namespace evt
