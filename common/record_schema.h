// The record kinds of the evt stream, each declared once in
// schemas/records/KIND.json, and the check that a record follows its kind's
// schema. man/evt.7 is generated from the same declarations (gen/).
//
// A schema file:
//   {"kind": "error", "v": 1, "summary": "one line", "description": "…",
//    "fields": {"tool": {"type": "string", "required": true, "doc": "…"}, …},
//    "example": {a complete record}}
// A field: "type" (see common/record_field.h), "doc", optionally "required"
// (default false), and by type: "values" (enum: the allowed strings),
// "fields" (object), "items" (array and map: the declaration of every item
// or value, without "doc" or "required").
// The envelope ("kind", "v", "ts"), which every record carries before its
// kind's fields, is declared once in common/record_envelope.cc.
//
// Validation is strict: a record may hold only the fields its schema
// declares, so schemas stay complete. Optional fields are left out, never
// null. Readers in the tools stay lenient (they ignore fields they do not
// know) so an older tool can read a newer tool's records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/record_field.h"
#include "common/record_schema_data.h"
#include "common/status.h"
#include "common/value.h"

namespace evt {

struct KindSchema {
  std::string file;  // "error.json"
  std::string kind;  // "error"
  std::int64_t version = 0;
  std::string summary;
  std::string description;
  std::vector<Field> fields;  // the kind's own fields, in declared order
  Value example;              // a complete record that validates
  FieldSpec record;           // an object: the envelope's fields, then `fields`
};

struct EnvelopeSchema {
  std::string summary;
  std::string description;
  std::vector<Field> fields;  // "kind", "v", "ts"
};

class RecordSchemas {
 public:
  // Parses the envelope and every file, one KIND.json per kind. Fails on
  // the first problem, naming the file and where in it: malformed JSON, an
  // unknown key or type, a missing doc or example, an example that does not
  // validate, a kind that does not match its file name or is declared twice.
  static Result<RecordSchemas> Load(const std::vector<EmbeddedSchema>& files);

  // nullptr for a kind no schema declares.
  const KindSchema* Find(std::string_view kind) const;
  // Sorted by kind.
  const std::vector<KindSchema>& kinds() const { return kinds_; }
  const EnvelopeSchema& envelope() const { return envelope_; }

  // OK when `record` is an object whose "kind" names a known kind, whose "v"
  // is that kind's version, whose "ts" is an RFC 3339 UTC timestamp with
  // milliseconds, and whose other fields are the kind's, each of its type.
  // Otherwise a DataErr naming the JSON pointer of the first bad field and
  // what was expected, e.g.
  //   /phases/connect_ms: expected a duration in ms (a number >= 0), got "12"
  Status Validate(const Value& record) const;

 private:
  friend const RecordSchemas& BuiltinRecordSchemas();
  RecordSchemas() = default;
  // Parses one KIND.json and adds it. REQUIRES: envelope_ is loaded.
  Status AddKind(const EmbeddedSchema& file);

  EnvelopeSchema envelope_;
  std::vector<KindSchema> kinds_;
  // Set only when the built-in schemas failed to load; Validate returns it.
  Status broken_;
};

// The schemas shipped in schemas/records/, loaded once. Their loading is
// checked by a unit test; should it fail anyway, every Validate returns an
// internal error saying why and Find finds nothing.
const RecordSchemas& BuiltinRecordSchemas();

}  // namespace evt
