// man/evt.7, the record formats and conventions of the evt tools: the
// hand-written part (man/src/evt.7.roff) with sections generated from the
// record schemas and the exit codes put in at its marker line, so the page
// cannot drift from what the validator checks.
#pragma once

#include <string>
#include <string_view>

#include "common/record_schema.h"
#include "common/status.h"

namespace evt {

// The line of man/src/evt.7.roff that the generated sections replace.
inline constexpr std::string_view kGeneratedSectionsMarker = ".\\\" @GENERATED SECTIONS@";

// The whole page: a .TH line naming `version` and no date (so the output
// depends only on its inputs), then `man_source` with the marker line
// replaced by RECORD ENVELOPE, FIELD TYPES, RECORD KINDS (one subsection per
// kind, sorted, with its fields and example) and EXIT STATUS.
// Fails with DataErr when `man_source` has no marker line, or more than one.
Result<std::string> Evt7Page(const RecordSchemas& schemas, std::string_view man_source, std::string_view version);

}  // namespace evt
