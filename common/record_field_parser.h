// Reads the field declarations of a record schema file (the "fields" of
// schemas/records/*.json) into FieldSpecs, refusing what a schema must not
// say. Used by RecordSchemas::Load; messages name the place in the schema
// file as a JSON pointer ("/fields/code/type: …") and the caller adds the
// file name.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/record_field.h"
#include "common/status.h"
#include "common/value.h"

namespace evt {

// Parses `decls`, an object of field name -> declaration, found at `where`.
// Refuses: a name that is not lower_snake_case, a declaration with an unknown
// key or type, without "doc", or missing what its type needs ("values",
// "fields", "items"); a duration_ms field whose name does not end in "_ms" or
// the reverse; a "currency" field of another type; money with no
// "currency" field beside it or in an enclosing object (`currency_in_scope`
// says whether an enclosing object declares one).
Result<std::vector<Field>> ParseFields(const Value& decls, const std::string& where, bool currency_in_scope);

// DataErr "WHERE/KEY: unknown key; expected one of A, B" for the first key
// of `object` not in `allowed`. REQUIRES: object.is_object().
Status CheckKeys(const Value& object, std::initializer_list<std::string_view> allowed, const std::string& where);

// The non-empty string `object[key]`; DataErr "WHERE/KEY: …" if it is
// absent, empty or not a string. REQUIRES: object.is_object().
Result<std::string> TextMember(const Value& object, std::string_view key, const std::string& where);

}  // namespace evt
