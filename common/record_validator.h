// Checks one JSON value against one field declaration, recursively: the
// engine under RecordSchemas::Validate (common/record_schema.h).
#pragma once

#include <string_view>

#include "common/record_field.h"
#include "common/status.h"
#include "common/value.h"

namespace evt {

// OK when `value` has `spec`'s type, and for objects, maps and arrays when
// every member or item does too; objects may hold only their declared
// fields, each at most once, and must hold the required ones. An amount of
// money needs a "currency" in its own object or an enclosing one.
// Otherwise a DataErr "POINTER: expected WHAT, got VALUE", the pointer
// (RFC 6901) relative to `value`; `schema_name` (such as "\"error\" v1")
// names the schema in messages about fields it does not declare.
Status ValidateValue(const FieldSpec& spec, const Value& value, std::string_view schema_name);

// True for exactly the timestamps records carry: RFC 3339 in UTC with three
// digits of milliseconds, "2026-11-23T08:00:00.000Z", and a real date and time.
bool IsRecordTimestamp(std::string_view text);

// A value as a message shows it after "got": strings quoted (and cut after
// 40 bytes), numbers and literals as JSON, containers by their type.
std::string ShownValue(const Value& value);

}  // namespace evt
