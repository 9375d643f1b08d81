// The JSON logs a replay reads, one line at a time: a web server's JSON
// access log through a field mapping (config `load.replay.fields`), and
// evt-load's own `load.request` records (what `--raw` writes).
//
// Errors are DataErr "FILE:LINE: what" (the JSON parser's own, or naming
// the field).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/json_parse.h"
#include "common/status.h"
#include "common/value.h"
#include "tools/load/replay_request.h"

namespace evt::load {

// Which field of a JSON access log holds what (config load.replay.fields,
// read by load_config.h). The defaults are nginx's variable names, for
// `log_format ... escape=json '{"msec":"$msec", ...}'`.
struct JsonLogFields {
  // Epoch seconds with a fraction ($msec, recommended: milliseconds) as a
  // number or a string, or RFC 3339 ($time_iso8601, whole seconds). Taken
  // as the COMPLETION time, as nginx logs it: request_time is subtracted.
  std::string time = "msec";
  std::string method = "request_method";
  std::string path = "request_uri";
  std::string request_time = "request_time";  // seconds, number or string; absent (or "") is none
  std::string status = "status";              // number or string; may be absent
};

// "2026-12-06T10:00:00.123456Z" in microseconds since the epoch: RFC 3339
// as common/time_format.h reads it, keeping digits to the microsecond
// (beyond it, truncated).
Result<std::int64_t> ParseRfc3339Micros(std::string_view text);

// Keeps the JSON parser's buffers between lines. Not thread-safe.
class JsonLogParser {
 public:
  explicit JsonLogParser(JsonLogFields fields = {});

  // A JSON access-log line through the mapping. A time without a fraction
  // (an integer, or RFC 3339 without one) has one-second resolution.
  Result<LoggedRequest> ParseMapped(std::string_view text, std::string_view file, std::int64_t line);

  // A `load.request` record: method, url and the `intended` instant, which
  // is the arrival (whole_second false, request_time_us 0); status when
  // the record has one. A record of another kind is an error.
  Result<LoggedRequest> ParseLoadRequest(std::string_view text, std::string_view file, std::int64_t line);

  // The line as a JSON object (for telling the two formats apart).
  Result<Value> ParseObject(std::string_view text, std::string_view file, std::int64_t line);

 private:
  JsonLogFields fields_;
  JsonParser parser_;
  std::string padded_;
};

}  // namespace evt::load
