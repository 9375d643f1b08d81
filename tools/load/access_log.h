// The text access logs a replay reads, one line at a time: nginx's (and
// Apache's) "combined" format and HAProxy's `option httplog`.
//
// Every parser returns the line's request and its logged time, or a
// DataErr "FILE:LINE: what" naming what is wrong (a request line that is
// not "METHOD TARGET [HTTP/x.y]", as nginx logs for TLS sent to a plain
// port, is such a line).
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "tools/load/replay_request.h"

namespace evt::load {

// nginx "combined":
//   $remote_addr - $remote_user [$time_local] "$request" $status
//   $body_bytes_sent "$http_referer" "$http_user_agent"
// where referer and user agent may be missing (the "common" format) and
// further fields may follow; when the last field is a number of seconds
// with a fraction ("0.123") it is read as $request_time. $time_local has
// one-second resolution and is taken when the request COMPLETES, so the
// result has whole_second set and request_time_us from that field (0
// without it). Quoted fields may hold backslash escapes (nginx writes
// \x22, Apache \"); the target's escapes are decoded and any byte a URI
// may not hold is sent percent-encoded.
Result<LoggedRequest> ParseCombinedLine(std::string_view text, std::string_view file, std::int64_t line);

// HAProxy's `option httplog` default format, with or without a syslog
// prefix:
//   [prefix] CLIENT:PORT [06/Dec/2026:10:00:00.123] FRONTEND BACKEND/SERVER
//   Tq/Tw/Tc/Tr/Ta STATUS BYTES ... "GET /path HTTP/1.1"
// The accept date is when the request STARTED, with milliseconds: it is the
// arrival itself (whole_second false, request_time_us 0). HAProxy writes it
// in the host's local time without a zone; it is read as UTC, which keeps
// every gap right except across a daylight-saving change. A status of -1
// (the client went away before an answer) is no status.
Result<LoggedRequest> ParseHaproxyLine(std::string_view text, std::string_view file, std::int64_t line);

// The format a line has the shape of, from its timestamp: "[dd/Mon/yyyy:
// hh:mm:ss +zzzz]" is combined, "[dd/Mon/yyyy:hh:mm:ss.mmm]" is HAProxy,
// a line starting with "{" is JSON. kUnknown otherwise.
enum class TextLogShape { kUnknown, kCombined, kHaproxy, kJson };
TextLogShape ShapeOfLine(std::string_view text);

}  // namespace evt::load
