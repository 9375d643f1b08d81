// The field types a record schema (schemas/records/*.json) can give a field,
// and the parsed form of one field's declaration. The units doc/design.md §3.3 fixes
// for the record stream (durations in ms, money in minor units with a
// currency, ratios 0..1) are types here, so a schema says them once and the
// validator holds every record to them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evt {

enum class FieldType {
  kString,
  kInteger,
  kNumber,
  kBoolean,
  kTimestamp,   // RFC 3339 UTC with milliseconds: "2026-11-23T08:00:00.000Z"
  kDurationMs,  // a number >= 0, in milliseconds
  kRatio,       // a number from 0 to 1
  kMoney,       // an integer in minor units; needs a "currency" in scope
  kCurrency,    // an ISO 4217 code: three capital letters
  kEnum,        // one of the strings in FieldSpec::values
  kObject,      // exactly the keys in FieldSpec::fields
  kMap,         // an object with any keys, each value a FieldSpec::items
  kArray,       // each item is FieldSpec::items
  kAny,         // anything; not checked
};

struct FieldTypeInfo {
  FieldType type;
  std::string_view name;      // as written in a schema: "duration_ms"
  std::string_view expected;  // for "expected …, got …": "a duration in ms (a number >= 0)"
  std::string_view meaning;   // one sentence for evt(7)
};

// Every type, in the order evt(7) lists them.
const std::vector<FieldTypeInfo>& FieldTypes();
const FieldTypeInfo& InfoOf(FieldType type);
// nullopt for a name that is not a type.
std::optional<FieldType> FieldTypeNamed(std::string_view name);

struct Field;

// One field's declaration. Copyable; nested specs are shared, never changed
// after loading.
struct FieldSpec {
  FieldType type = FieldType::kAny;
  bool required = false;
  std::string doc;
  std::vector<std::string> values;         // kEnum: the allowed strings
  std::vector<Field> fields;               // kObject: its fields, in declared order
  std::shared_ptr<const FieldSpec> items;  // kArray: every item; kMap: every value
};

struct Field {
  std::string name;
  FieldSpec spec;
};

// The field named `name` in `fields`, or nullptr.
const Field* FindField(const std::vector<Field>& fields, std::string_view name);

// How evt(7) writes a type: "duration_ms", "enum", "array of object",
// "map of string".
std::string DescribeType(const FieldSpec& spec);

}  // namespace evt
