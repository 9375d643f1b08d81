// `evt-schema validate`: a stream of JSON Lines records checked against the
// record schemas, for the CLI tests that pipe every tool's output through it.
#pragma once

#include <istream>
#include <ostream>
#include <string_view>

#include "common/exit_code.h"
#include "common/record_schema.h"

namespace evt {

// Reads `in` line by line and writes "NAME:LINE: message" to `out` for every
// line that is not a valid record: not JSON, not following its kind's schema,
// or the last line lacking its "\n". Returns kDataErr (65) when some line was
// not JSON, else kCheckFailed (1) when some record was invalid, else kOk.
// An empty stream is valid.
ExitCode CheckRecordStream(std::istream& in, std::string_view name, const RecordSchemas& schemas, std::ostream& out);

}  // namespace evt
