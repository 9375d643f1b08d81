#include "gen/json_schema_export.h"

#include <string>
#include <utility>

namespace evt {
namespace {

// IsRecordTimestamp's shape with ParseRfc3339's ranges: days per month,
// 29 February in leap years only (every 4th year, not centuries unless
// divisible by 400), seconds up to 60 for a leap second. Written for
// ECMA-262 and Python's re alike; the exact length beside it shuts out the
// newline Python's "$" would let through.
constexpr std::string_view kTimestampPattern =
    "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)"
    "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)\\.[0-9]{3}Z$";
constexpr int kTimestampLength = 24;  // "2026-11-23T08:00:00.000Z"
constexpr std::string_view kCurrencyPattern = "^[A-Z]{3}$";
constexpr int kCurrencyLength = 3;

Value TypeOnly(std::string_view type) { return Value::object({{"type", type}}); }

Value NumberFrom(int minimum) { return Value::object({{"type", "number"}, {"minimum", minimum}}); }

Value ExactString(std::string_view pattern, int length) {
  return Value::object({{"type", "string"}, {"minLength", length}, {"maxLength", length}, {"pattern", pattern}});
}

Value Strings(const std::vector<std::string>& values) {
  Value list = Value::array();
  for (const std::string& value : values) list.push_back(value);
  return list;
}

Value SpecSchema(const FieldSpec& spec);

// `from`'s members after `to`'s: the keys a reader wants first are set first.
void AppendMembers(Value& to, Value from) {
  for (Member& member : from.as_object()) to.set(member.first, std::move(member.second));
}

// Whether an amount of money in `spec` (itself, or deeper) takes its
// currency from outside: money inside an object that has a required
// currency of its own does not.
bool NeedsOuterCurrency(const FieldSpec& spec) {
  switch (spec.type) {
    case FieldType::kMoney: return true;
    case FieldType::kArray:
    case FieldType::kMap: return NeedsOuterCurrency(*spec.items);
    case FieldType::kObject: {
      const Field* currency = FindField(spec.fields, "currency");
      if (currency != nullptr && currency->spec.required) return false;
      for (const Field& field : spec.fields)
        if (NeedsOuterCurrency(field.spec)) return true;
      return false;
    }
    default: return false;
  }
}

// An optional "currency" must be there whenever a member holding money
// that counts on it is.
Value CurrencyDependencies(const std::vector<Field>& fields) {
  Value dependencies = Value::object();
  const Field* currency = FindField(fields, "currency");
  if (currency == nullptr || currency->spec.required) return dependencies;
  for (const Field& field : fields)
    if (NeedsOuterCurrency(field.spec)) dependencies.set(field.name, Value::array({"currency"}));
  return dependencies;
}

Value ObjectSchema(const std::vector<Field>& fields) {
  Value properties = Value::object();
  Value required = Value::array();
  for (const Field& field : fields) {
    properties.set(field.name, SpecSchema(field.spec));
    if (field.spec.required) required.push_back(field.name);
  }
  Value schema = Value::object({{"type", "object"}, {"properties", std::move(properties)}});
  if (!required.as_array().empty()) schema.set("required", std::move(required));
  Value dependencies = CurrencyDependencies(fields);
  if (!dependencies.as_object().empty()) schema.set("dependentRequired", std::move(dependencies));
  schema.set("additionalProperties", false);
  return schema;
}

Value TypeSchema(const FieldSpec& spec) {
  switch (spec.type) {
    case FieldType::kString: return TypeOnly("string");
    case FieldType::kInteger:
    case FieldType::kMoney: return TypeOnly("integer");
    case FieldType::kNumber: return TypeOnly("number");
    case FieldType::kBoolean: return TypeOnly("boolean");
    case FieldType::kTimestamp: {
      Value schema = ExactString(kTimestampPattern, kTimestampLength);
      schema.set("format", "date-time");
      return schema;
    }
    case FieldType::kDurationMs: return NumberFrom(0);
    case FieldType::kRatio: {
      Value schema = NumberFrom(0);
      schema.set("maximum", 1);
      return schema;
    }
    case FieldType::kCurrency: return ExactString(kCurrencyPattern, kCurrencyLength);
    case FieldType::kEnum: return Value::object({{"type", "string"}, {"enum", Strings(spec.values)}});
    case FieldType::kObject: return ObjectSchema(spec.fields);
    case FieldType::kMap:
      return Value::object({{"type", "object"}, {"additionalProperties", SpecSchema(*spec.items)}});
    case FieldType::kArray: return Value::object({{"type", "array"}, {"items", SpecSchema(*spec.items)}});
    case FieldType::kAny: return Value::object();
  }
  return Value::object();
}

// The field's doc goes first, where a reader of the document looks.
Value SpecSchema(const FieldSpec& spec) {
  if (spec.doc.empty()) return TypeSchema(spec);
  Value schema = Value::object({{"description", spec.doc}});
  AppendMembers(schema, TypeSchema(spec));
  return schema;
}

// The record's object schema, with "kind" and "v" pinned to this kind's.
Value KindBody(const KindSchema& kind) {
  Value body = Value::object({{"title", kind.kind}, {"description", kind.summary}});
  AppendMembers(body, SpecSchema(kind.record));
  Value* properties = body.find("properties");
  properties->find("kind")->set("const", kind.kind);
  properties->find("v")->set("const", kind.version);
  body.set("examples", Value::array({kind.example}));
  return body;
}

Value DispatchOnKind(const std::string& kind) {
  Value test = Value::object({{"properties", Value::object({{"kind", Value::object({{"const", kind}})}})},
                              {"required", Value::array({"kind"})}});
  return Value::object({{"if", std::move(test)}, {"then", Value::object({{"$ref", "#/$defs/" + kind}})}});
}

}  // namespace

Value KindJsonSchema(const KindSchema& kind) {
  Value schema = Value::object({{"$schema", kJsonSchemaDialect}});
  AppendMembers(schema, KindBody(kind));
  return schema;
}

Value RecordsJsonSchema(const std::vector<const KindSchema*>& kinds) {
  Value names = Value::array();
  Value dispatch = Value::array();
  Value defs = Value::object();
  for (const KindSchema* kind : kinds) {
    names.push_back(kind->kind);
    dispatch.push_back(DispatchOnKind(kind->kind));
    defs.set(kind->kind, KindBody(*kind));
  }
  return Value::object({
      {"$schema", kJsonSchemaDialect},
      {"title", "evt records"},
      {"description", "one record of the evt JSON Lines stream; \"kind\" picks its schema in $defs"},
      {"type", "object"},
      {"required", Value::array({"kind", "v", "ts"})},
      {"properties", Value::object({{"kind", Value::object({{"enum", std::move(names)}})}})},
      {"allOf", std::move(dispatch)},
      {"$defs", std::move(defs)},
  });
}

}  // namespace evt
