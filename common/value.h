// An owned JSON value: what the record stream reads into and what tools build
// records from. Objects keep their keys in insertion order, so records print
// with "kind", "v" and "ts" first as the tool added them; lookups are linear
// because records have a handful of keys.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace evt {

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;

class Value {
 public:
  enum class Type { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };

  Value() = default;
  Value(std::nullptr_t) {}  // NOLINT
  Value(bool b) : v_(b) {}  // NOLINT
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  Value(I i) {  // NOLINT
    if constexpr (std::is_unsigned_v<I>) {
      if (static_cast<std::uint64_t>(i) > static_cast<std::uint64_t>(INT64_MAX)) {
        v_ = static_cast<std::uint64_t>(i);
        return;
      }
    }
    v_ = static_cast<std::int64_t>(i);
  }
  Value(double d) : v_(d) {}                     // NOLINT
  Value(const char* s) : v_(std::string(s)) {}   // NOLINT
  Value(std::string s) : v_(std::move(s)) {}     // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}  // NOLINT
  Value(Array a) : v_(std::move(a)) {}           // NOLINT
  Value(Object o) : v_(std::move(o)) {}          // NOLINT

  // Value::object({{"kind", "probe"}, {"v", 1}})
  static Value object(std::initializer_list<Member> members = {}) { return Value(Object(members)); }
  static Value array(std::initializer_list<Value> items = {}) { return Value(Array(items)); }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  // A whole number that fits int64 (Uint holds only those above INT64_MAX).
  bool is_int() const { return type() == Type::kInt; }
  bool is_integer() const { return is_int() || type() == Type::kUint; }
  bool is_number() const { return is_integer() || type() == Type::kDouble; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // REQUIRES: the matching is_*() holds.
  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  std::uint64_t as_uint() const { return std::get<std::uint64_t>(v_); }
  // Any number, converted.
  double as_double() const;
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object member lookup; nullptr when absent or when this is not an object.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  // REQUIRES: is_object(). Replaces an existing key in place, else appends.
  Value& set(std::string_view key, Value v);
  // REQUIRES: is_array().
  Value& push_back(Value v);

  // "a string", "an object", …: for messages such as
  // "\"qty\": expected a number, got a string".
  static std::string_view TypeName(Type t);
  std::string_view type_name() const { return TypeName(type()); }

  friend bool operator==(const Value& a, const Value& b);

 private:
  std::variant<std::nullptr_t, bool, std::int64_t, std::uint64_t, double, std::string, Array, Object> v_;
};

}  // namespace evt
