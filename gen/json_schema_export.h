// The record schemas (schemas/records/*.json, common/record_schema.h) as
// JSON Schema 2020-12 documents, so people can check evt's records with the
// validator they already have (evt-schema export --jsonschema).
//
// The documents hold records to what RecordSchemas::Validate checks: each
// kind's own "kind" and "v", "ts" and every timestamp in evt's one shape
// (a real UTC date and time with milliseconds), duration_ms >= 0, ratios
// 0..1, currencies as three capital letters, enums, required fields, and no
// field an object does not declare (additionalProperties false); a map's
// values and an array's items each follow their declaration.
// What JSON Schema cannot say, and so is left to evt's validator:
//   - a key given twice (a JSON Schema validator sees the parsed object);
//   - an integer written with a fraction or exponent ("v": 1.0): JSON
//     Schema's integer is a value, evt's a spelling;
//   - an amount of money whose currency is optional in an enclosing object:
//     the export then requires that currency whenever the member holding
//     the money is present (stricter); none of the shipped schemas has one.
#pragma once

#include <string_view>
#include <vector>

#include "common/record_schema.h"
#include "common/value.h"

namespace evt {

inline constexpr std::string_view kJsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema";

// A standalone document for one kind: "$schema", "title" (the kind),
// "description" (its summary), the record's object schema, and its example
// under "examples".
Value KindJsonSchema(const KindSchema& kind);

// One document for records of any of `kinds`: the root requires "kind" to
// name one of them and hands the record to that kind's schema in "$defs"
// (keyed by kind), the form to validate a whole stream line by line.
Value RecordsJsonSchema(const std::vector<const KindSchema*>& kinds);

}  // namespace evt
