#include "common/record_validator.h"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "common/json_writer.h"
#include "common/time_format.h"
#include "common/utf8.h"

namespace evt {
namespace {

constexpr std::size_t kShownStringBytes = 40;

std::string ToJsonOr(const Value& value, std::string_view fallback) {
  Result<std::string> json = ToJson(value);
  return json.ok() ? *json : std::string(fallback);
}

std::string PointerToken(std::string_view key) { return JsonPointerToken(key); }

std::string QuotedList(const std::vector<std::string>& values) {
  std::string list;
  for (const std::string& v : values) {
    if (!list.empty()) list += ", ";
    list += ShownValue(Value(v));
  }
  return list;
}

bool IsCurrencyCode(const Value& value) {
  if (!value.is_string() || value.as_string().size() != 3) return false;
  const std::string& code = value.as_string();
  return std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool IsInRange(const Value& value, double low, double high) {
  if (!value.is_number()) return false;
  double d = value.as_double();
  return d >= low && d <= high;
}

// Whether a scalar has the type; objects, maps and arrays are not scalars.
bool HasScalarType(const FieldSpec& spec, const Value& value) {
  switch (spec.type) {
    case FieldType::kString: return value.is_string();
    case FieldType::kInteger:
    case FieldType::kMoney: return value.is_integer();
    case FieldType::kNumber: return value.is_number();
    case FieldType::kBoolean: return value.is_bool();
    case FieldType::kTimestamp: return value.is_string() && IsRecordTimestamp(value.as_string());
    case FieldType::kDurationMs: return IsInRange(value, 0, std::numeric_limits<double>::infinity());
    case FieldType::kRatio: return IsInRange(value, 0, 1);
    case FieldType::kCurrency: return IsCurrencyCode(value);
    case FieldType::kEnum:
      return value.is_string() &&
             std::find(spec.values.begin(), spec.values.end(), value.as_string()) != spec.values.end();
    default: return true;
  }
}

// Walks a value and its spec together, keeping the pointer to where it is
// and the objects around it (where an amount of money finds its currency).
class Validator {
 public:
  explicit Validator(std::string_view schema_name) : schema_name_(schema_name) {}

  Status Check(const FieldSpec& spec, const Value& value) {
    switch (spec.type) {
      case FieldType::kObject: return CheckObject(spec.fields, value);
      case FieldType::kMap: return CheckMap(*spec.items, value);
      case FieldType::kArray: return CheckArray(*spec.items, value);
      default: return CheckScalar(spec, value);
    }
  }

 private:
  Status CheckScalar(const FieldSpec& spec, const Value& value) {
    if (!HasScalarType(spec, value)) return Expected(spec, value);
    if (spec.type == FieldType::kMoney && !CurrencyInScope())
      return Fail("an amount of money needs a \"currency\" beside it or in an enclosing object");
    return Status::Ok();
  }

  Status CheckObject(const std::vector<Field>& fields, const Value& value) {
    if (!value.is_object()) return Fail("expected an object, got " + ShownValue(value));
    EVT_RETURN_IF_ERROR(CheckKeysUnique(value));
    for (const Member& member : value.as_object()) {
      if (!FindField(fields, member.first))
        return FailAt(member.first, "unknown field; " + std::string(schema_name_) + " declares no such field");
    }
    scopes_.push_back(&value);
    Status status = CheckDeclaredFields(fields, value);
    scopes_.pop_back();
    return status;
  }

  Status CheckDeclaredFields(const std::vector<Field>& fields, const Value& object) {
    for (const Field& field : fields) {
      const Value* member = object.find(field.name);
      if (member == nullptr) {
        if (field.spec.required) return FailAt(field.name, "required field missing");
        continue;
      }
      EVT_RETURN_IF_ERROR(CheckAt(PointerToken(field.name), field.spec, *member));
    }
    return Status::Ok();
  }

  Status CheckMap(const FieldSpec& items, const Value& value) {
    if (!value.is_object()) return Fail("expected an object, got " + ShownValue(value));
    EVT_RETURN_IF_ERROR(CheckKeysUnique(value));
    for (const Member& member : value.as_object())
      EVT_RETURN_IF_ERROR(CheckAt(PointerToken(member.first), items, member.second));
    return Status::Ok();
  }

  Status CheckArray(const FieldSpec& items, const Value& value) {
    if (!value.is_array()) return Fail("expected an array, got " + ShownValue(value));
    const Array& array = value.as_array();
    for (std::size_t i = 0; i < array.size(); ++i)
      EVT_RETURN_IF_ERROR(CheckAt("/" + std::to_string(i), items, array[i]));
    return Status::Ok();
  }

  Status CheckAt(const std::string& token, const FieldSpec& spec, const Value& value) {
    std::size_t outer = pointer_.size();
    pointer_ += token;
    Status status = Check(spec, value);
    pointer_.resize(outer);
    return status;
  }

  Status CheckKeysUnique(const Value& object) {
    std::vector<std::string_view> keys;
    for (const Member& member : object.as_object()) keys.push_back(member.first);
    std::sort(keys.begin(), keys.end());
    auto twice = std::adjacent_find(keys.begin(), keys.end());
    if (twice != keys.end()) return FailAt(*twice, "field given twice");
    return Status::Ok();
  }

  bool CurrencyInScope() const {
    return std::any_of(scopes_.begin(), scopes_.end(),
                       [](const Value* object) { return object->find("currency") != nullptr; });
  }

  Status Expected(const FieldSpec& spec, const Value& value) const {
    std::string expected = spec.type == FieldType::kEnum ? "one of " + QuotedList(spec.values)
                                                         : std::string(InfoOf(spec.type).expected);
    return Fail("expected " + expected + ", got " + ShownValue(value));
  }

  Status FailAt(std::string_view key, std::string_view what) const {
    return Status::DataErr(pointer_ + PointerToken(key) + ": " + std::string(what));
  }

  Status Fail(std::string_view what) const {
    if (pointer_.empty()) return Status::DataErr(std::string(what));
    return Status::DataErr(pointer_ + ": " + std::string(what));
  }

  std::string_view schema_name_;
  std::string pointer_;
  std::vector<const Value*> scopes_;  // enclosing objects with declared fields, outermost first
};

std::string ShownString(const std::string& text) {
  if (text.size() <= kShownStringBytes) return ToJsonOr(Value(text), "a string");
  return ToJsonOr(Value(text.substr(0, Utf8CutPoint(text, kShownStringBytes))), "a string") + "...";
}

}  // namespace

Status ValidateValue(const FieldSpec& spec, const Value& value, std::string_view schema_name) {
  return Validator(schema_name).Check(spec, value);
}

bool IsRecordTimestamp(std::string_view text) {
  static constexpr std::string_view kShape = "0000-00-00T00:00:00.000Z";
  if (text.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == '0' ? !digit : text[i] != kShape[i]) return false;
  }
  return ParseRfc3339(text).ok();
}

std::string ShownValue(const Value& value) {
  switch (value.type()) {
    case Value::Type::kString: return ShownString(value.as_string());
    case Value::Type::kArray:
    case Value::Type::kObject: return std::string(value.type_name());
    default: return ToJsonOr(value, value.type_name());
  }
}

}  // namespace evt
