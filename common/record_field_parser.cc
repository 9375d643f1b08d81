#include "common/record_field_parser.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "common/record_validator.h"

namespace evt {
namespace {

Status Bad(const std::string& where, std::string_view what) {
  return Status::DataErr(where + ": " + std::string(what));
}

bool EndsWith(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

bool IsSnakeName(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string TypeNames() {
  std::string names;
  for (const FieldTypeInfo& info : FieldTypes()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

Result<FieldType> ParseType(const Value& decl, const std::string& where) {
  const Value* type = decl.find("type");
  if (type == nullptr) return Bad(where, "missing \"type\"");
  if (!type->is_string()) return Bad(where + "/type", "expected a string, got " + ShownValue(*type));
  std::optional<FieldType> known = FieldTypeNamed(type->as_string());
  if (!known) return Bad(where + "/type", "unknown type " + ShownValue(*type) + "; expected one of " + TypeNames());
  return *known;
}

Result<std::vector<std::string>> ParseEnumValues(const Value& values, const std::string& where) {
  if (!values.is_array() || values.as_array().empty())
    return Bad(where, "expected a non-empty array of strings, got " + ShownValue(values));
  std::vector<std::string> parsed;
  for (const Value& value : values.as_array()) {
    if (!value.is_string() || value.as_string().empty())
      return Bad(where, "expected non-empty strings, got " + ShownValue(value));
    if (std::find(parsed.begin(), parsed.end(), value.as_string()) != parsed.end())
      return Bad(where, ShownValue(value) + " listed twice");
    parsed.push_back(value.as_string());
  }
  return parsed;
}

Result<FieldSpec> ParseSpec(const Value& decl, const std::string& where, bool currency_in_scope, bool is_items);

// "values", "fields" and "items": each present exactly when the type needs it.
Status ParseTypeMembers(const Value& decl, const std::string& where, bool currency_in_scope, FieldSpec& spec) {
  const bool is_enum = spec.type == FieldType::kEnum;
  const bool is_object = spec.type == FieldType::kObject;
  const bool has_items = spec.type == FieldType::kArray || spec.type == FieldType::kMap;
  const std::string type_name(InfoOf(spec.type).name);
  const Value* values = decl.find("values");
  const Value* fields = decl.find("fields");
  const Value* items = decl.find("items");
  if ((values != nullptr) != is_enum)
    return Bad(where, is_enum ? "an enum needs \"values\"" : "\"values\" is only for an enum, not " + type_name);
  if ((fields != nullptr) != is_object)
    return Bad(where, is_object ? "an object needs \"fields\"" : "\"fields\" is only for an object, not " + type_name);
  if ((items != nullptr) != has_items)
    return Bad(where, has_items ? "an " + type_name + " needs \"items\"" : "\"items\" is only for an array or a map");
  if (is_enum) {
    Result<std::vector<std::string>> parsed = ParseEnumValues(*values, where + "/values");
    if (!parsed.ok()) return parsed.status();
    spec.values = std::move(parsed).value();
  } else if (is_object) {
    Result<std::vector<Field>> parsed = ParseFields(*fields, where + "/fields", currency_in_scope);
    if (!parsed.ok()) return parsed.status();
    spec.fields = std::move(parsed).value();
  } else if (has_items) {
    Result<FieldSpec> parsed = ParseSpec(*items, where + "/items", currency_in_scope, true);
    if (!parsed.ok()) return parsed.status();
    spec.items = std::make_shared<const FieldSpec>(std::move(parsed).value());
  }
  return Status::Ok();
}

// An array's "items" or a map's values have no name, so no doc and no
// "required" of their own.
Result<FieldSpec> ParseSpec(const Value& decl, const std::string& where, bool currency_in_scope, bool is_items) {
  if (!decl.is_object()) return Bad(where, "expected a field declaration (an object), got " + ShownValue(decl));
  if (is_items) EVT_RETURN_IF_ERROR(CheckKeys(decl, {"type", "values", "fields", "items"}, where));
  else EVT_RETURN_IF_ERROR(CheckKeys(decl, {"type", "doc", "required", "values", "fields", "items"}, where));
  FieldSpec spec;
  Result<FieldType> type = ParseType(decl, where);
  if (!type.ok()) return type.status();
  spec.type = *type;
  if (!is_items) {
    Result<std::string> doc = TextMember(decl, "doc", where);
    if (!doc.ok()) return doc.status();
    spec.doc = std::move(doc).value();
  }
  if (const Value* required = decl.find("required")) {
    if (!required->is_bool()) return Bad(where + "/required", "expected true or false, got " + ShownValue(*required));
    spec.required = required->as_bool();
  }
  EVT_RETURN_IF_ERROR(ParseTypeMembers(decl, where, currency_in_scope, spec));
  if (spec.type == FieldType::kMoney && !currency_in_scope)
    return Bad(where, "money needs a \"currency\" field beside it or in an enclosing object");
  return spec;
}

bool IsDurationList(const FieldSpec& spec) {
  if (spec.type == FieldType::kDurationMs) return true;
  return spec.type == FieldType::kArray && IsDurationList(*spec.items);
}

// doc/design.md §3.3: durations are milliseconds, named *_ms; money names its currency.
Status CheckNaming(const std::string& name, const FieldSpec& spec, const std::string& where) {
  if (spec.type == FieldType::kDurationMs && !EndsWith(name, "_ms"))
    return Bad(where, "a duration_ms field's name ends in _ms");
  if (EndsWith(name, "_ms") && !IsDurationList(spec))
    return Bad(where, "a field named *_ms holds a duration_ms (or an array of them), not " + DescribeType(spec));
  if (name == "currency" && spec.type != FieldType::kCurrency)
    return Bad(where, "a field named currency has type currency, not " + DescribeType(spec));
  return Status::Ok();
}

}  // namespace

Result<std::vector<Field>> ParseFields(const Value& decls, const std::string& where, bool currency_in_scope) {
  if (!decls.is_object()) return Bad(where, "expected an object of field declarations, got " + ShownValue(decls));
  const bool currency_here = currency_in_scope || decls.find("currency") != nullptr;
  std::vector<Field> fields;
  for (const auto& [name, decl] : decls.as_object()) {
    if (!IsSnakeName(name))
      return Bad(where, "field name " + ShownValue(Value(name)) + " is not lower_snake_case");
    const std::string at = where + "/" + name;
    if (FindField(fields, name) != nullptr) return Bad(at, "declared twice");
    Result<FieldSpec> spec = ParseSpec(decl, at, currency_here, false);
    if (!spec.ok()) return spec.status();
    EVT_RETURN_IF_ERROR(CheckNaming(name, *spec, at));
    fields.push_back(Field{name, std::move(spec).value()});
  }
  return fields;
}

Status CheckKeys(const Value& object, std::initializer_list<std::string_view> allowed, const std::string& where) {
  for (const Member& member : object.as_object()) {
    if (std::find(allowed.begin(), allowed.end(), member.first) != allowed.end()) continue;
    std::string expected;
    for (std::string_view key : allowed) expected += (expected.empty() ? "" : ", ") + std::string(key);
    return Bad(where + "/" + member.first, "unknown key; expected one of " + expected);
  }
  return Status::Ok();
}

Result<std::string> TextMember(const Value& object, std::string_view key, const std::string& where) {
  const Value* text = object.find(key);
  const std::string at = where + "/" + std::string(key);
  if (text == nullptr) return Bad(at, "missing; expected a non-empty string");
  if (!text->is_string() || text->as_string().empty())
    return Bad(at, "expected a non-empty string, got " + ShownValue(*text));
  return text->as_string();
}

}  // namespace evt
