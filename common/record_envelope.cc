#include "common/record_envelope.h"

namespace evt {

std::string_view EnvelopeSchemaText() {
  return R"json({
  "summary": "the fields every record carries, whatever its kind",
  "description": "Every record starts with these three fields. A reader looks at \"kind\" first to pick the schema the rest of the record follows, and at \"v\" to know which version of it.",
  "fields": {
    "kind": {
      "type": "string",
      "required": true,
      "doc": "what the record is: one of the kinds under RECORD KINDS"
    },
    "v": {
      "type": "integer",
      "required": true,
      "doc": "the version of the kind's schema; it grows when a field changes meaning or type, or a new field becomes required"
    },
    "ts": {
      "type": "timestamp",
      "required": true,
      "doc": "when the tool made the record"
    }
  }
})json";
}

}  // namespace evt
