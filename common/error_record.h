// The `error` record (schemas/records/error.json): a failure written to
// stdout as a record when a tool runs with --errors-as-records, so a reader
// of the stream sees what failed and where without watching stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/exit_code.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt {

// The stable word for an exit code that error records carry as
// "code_name": "data_err" for 65, "check_failed" for 1, "ok" for 0.
std::string_view ExitCodeName(ExitCode code);

// {"kind":"error","v":1,"ts":…,"tool":…,"code":65,"code_name":"data_err",
//  "message":…[,"source":…[,"line":…]]}: `status` as a record. The message
// is status.message() as is (what the tool prints after "tool: "); `source`
// is the input it is about (a file name, "-" for stdin) and `line` its line
// there, counting from 1. A line without a source is left out too.
// REQUIRES: !status.ok(); tool is the program's name ("evt-price").
Value MakeErrorRecord(std::string_view tool, const Status& status, TimePoint ts,
                      std::optional<std::string_view> source = std::nullopt,
                      std::optional<std::int64_t> line = std::nullopt);

}  // namespace evt
