// The envelope every record carries before its kind's fields: "kind", "v"
// and "ts". Declared once, here, in the schema format of schemas/records/
// (see common/record_schema.h), because the validator gives these three
// fields their meaning; evt(7) documents it from the same text.
#pragma once

#include <string_view>

namespace evt {

// {"summary": …, "description": …, "fields": {"kind": …, "v": …, "ts": …}}
std::string_view EnvelopeSchemaText();

}  // namespace evt
