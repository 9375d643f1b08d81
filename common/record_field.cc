#include "common/record_field.h"

namespace evt {

const std::vector<FieldTypeInfo>& FieldTypes() {
  static const std::vector<FieldTypeInfo> kTypes = {
      {FieldType::kString, "string", "a string", "a JSON string, UTF-8"},
      {FieldType::kInteger, "integer", "an integer", "a whole JSON number, written without a fraction or exponent"},
      {FieldType::kNumber, "number", "a number", "any JSON number"},
      {FieldType::kBoolean, "boolean", "a boolean", "true or false"},
      {FieldType::kTimestamp, "timestamp",
       "an RFC 3339 UTC timestamp with milliseconds, such as \"2026-11-23T08:00:00.000Z\"",
       "a string holding an RFC 3339 time in UTC with exactly three digits of milliseconds and a Z, "
       "such as 2026-11-23T08:00:00.000Z"},
      {FieldType::kDurationMs, "duration_ms", "a duration in ms (a number >= 0)",
       "a number of milliseconds, 0 or more, fractions allowed; the field's name ends in _ms"},
      {FieldType::kRatio, "ratio", "a ratio (a number from 0 to 1)",
       "a number from 0 to 1 inclusive, never a percentage"},
      {FieldType::kMoney, "money", "an amount in minor units (an integer)",
       "an integer amount in the currency's minor units (cents for EUR), negative for refunds and "
       "discounts; the object holding it, or one enclosing it, carries \"currency\""},
      {FieldType::kCurrency, "currency", "an ISO 4217 currency code (3 capital letters)",
       "an ISO 4217 code of three capital letters, such as EUR"},
      {FieldType::kEnum, "enum", "one of the listed values", "one of the strings listed with the field"},
      {FieldType::kObject, "object", "an object",
       "a JSON object holding exactly the fields listed under it, with the dotted names"},
      {FieldType::kMap, "map", "an object",
       "a JSON object with keys of the writer's choosing, each value of the type given"},
      {FieldType::kArray, "array", "an array", "a JSON array, each item of the type given"},
      {FieldType::kAny, "any", "any value", "any JSON value; the schema does not look inside"},
  };
  return kTypes;
}

const FieldTypeInfo& InfoOf(FieldType type) {
  for (const FieldTypeInfo& info : FieldTypes())
    if (info.type == type) return info;
  return FieldTypes().back();  // unreachable: every FieldType is listed
}

std::optional<FieldType> FieldTypeNamed(std::string_view name) {
  for (const FieldTypeInfo& info : FieldTypes())
    if (info.name == name) return info.type;
  return std::nullopt;
}

const Field* FindField(const std::vector<Field>& fields, std::string_view name) {
  for (const Field& field : fields)
    if (field.name == name) return &field;
  return nullptr;
}

std::string DescribeType(const FieldSpec& spec) {
  std::string name(InfoOf(spec.type).name);
  if ((spec.type == FieldType::kArray || spec.type == FieldType::kMap) && spec.items)
    return name + " of " + DescribeType(*spec.items);
  return name;
}

}  // namespace evt
