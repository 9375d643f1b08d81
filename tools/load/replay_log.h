// Reading a whole log for a replay: detect or take its format, parse every
// line, handle bad lines per --on-error, and turn the rest into arrivals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli_common_options.h"
#include "common/status.h"
#include "tools/load/json_log.h"
#include "tools/load/replay_request.h"

namespace evt::load {

enum class LogFormat { kAuto, kCombined, kHaproxy, kJson, kRecords };

// "auto", "combined", "haproxy", "json" or "records" (--log-format);
// anything else is a usage error naming the choices.
Result<LogFormat> ParseLogFormat(std::string_view name);
const char* LogFormatName(LogFormat format);

struct ReplayLogOptions {
  LogFormat format = LogFormat::kAuto;
  JsonLogFields fields;  // for kJson
  OnError on_error = OnError::kFail;
  // A longer line is a bad line, not a request.
  std::size_t max_line_bytes = std::size_t{64} << 10;
};

struct ReplayLog {
  LogFormat format = LogFormat::kAuto;  // as detected when asked for kAuto
  std::vector<ReplayRequest> requests;  // in arrival order (see Arrivals)
  std::int64_t lines = 0;               // non-blank lines read
  std::int64_t malformed = 0;           // bad lines skipped (on_error kSkip)
  std::string first_error;              // the first of them, "FILE:LINE: what"
};

// Reads `in` to its end. `name` names it in messages. Under kFail the
// first bad line is the error (DataErr "NAME:LINE: what", exit 65); under
// kSkip bad lines are counted. With kAuto the format is that of the first
// non-blank line (access_log.h ShapeOfLine; a JSON line of kind
// load.request is kRecords); a first line of no known shape is a DataErr
// asking for --log-format. Blank lines and "\r" line endings are ignored.
Result<ReplayLog> ReadReplayLog(std::istream& in, std::string_view name, const ReplayLogOptions& options);

// The same for a file; a missing or unreadable one is NoInput (66).
Result<ReplayLog> ReadReplayLogFile(const std::string& path, const ReplayLogOptions& options);

}  // namespace evt::load
