#include "common/error_record.h"

#include <cassert>
#include <string>

namespace evt {

std::string_view ExitCodeName(ExitCode code) {
  switch (code) {
    case ExitCode::kOk: return "ok";
    case ExitCode::kCheckFailed: return "check_failed";
    case ExitCode::kUsage: return "usage";
    case ExitCode::kDryRunPending: return "dry_run_pending";
    case ExitCode::kDataErr: return "data_err";
    case ExitCode::kNoInput: return "no_input";
    case ExitCode::kUnavailable: return "unavailable";
    case ExitCode::kSoftware: return "software";
    case ExitCode::kIoErr: return "io_err";
    case ExitCode::kTempFail: return "temp_fail";
    case ExitCode::kConfig: return "config";
    case ExitCode::kInterrupted: return "interrupted";
    case ExitCode::kTerminated: return "terminated";
  }
  return "software";  // not reached: every ExitCode is named above
}

Value MakeErrorRecord(std::string_view tool, const Status& status, TimePoint ts,
                      std::optional<std::string_view> source, std::optional<std::int64_t> line) {
  assert(!status.ok());
  Value record = Value::object({
      {"kind", "error"},
      {"v", 1},
      {"ts", FormatRfc3339(ts)},
      {"tool", tool},
      {"code", ToInt(status.code())},
      {"code_name", ExitCodeName(status.code())},
      {"message", status.message()},
  });
  if (source) {
    record.set("source", *source);
    if (line) record.set("line", *line);
  }
  return record;
}

}  // namespace evt
