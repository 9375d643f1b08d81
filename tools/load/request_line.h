// The request of a log line, made fit to send again: "METHOD TARGET
// [HTTP/x.y]" split, the log's escapes undone, and whatever a URI may not
// hold (RFC 3986) percent-encoded, since a target is sent as written.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace evt::load {

// How a log escapes a byte in a request line: nginx and Apache write a
// backslash (\x22, \"), HAProxy writes #22.
enum class LogEscape { kBackslash, kHash };

struct RequestLine {
  std::string method;
  std::string target;
};

// Splits a logged request line. The method is 1 to 32 of A-Z, 0-9, "-" and
// "_" (what servers log is upper case); the target starts with "/", is an
// absolute http(s) URL, or is "*" with OPTIONS; a version, when present,
// starts with "HTTP/". Fails with a DataErr without a location ("request
// \"\\u0016\\u0003\": expected METHOD TARGET [HTTP/x.y]"); callers prefix
// the file and line.
Result<RequestLine> ParseRequestLine(std::string_view logged, LogEscape escape);

// The checks ParseRequestLine makes on each part, for logs that keep them
// in separate fields (JSON). The target's escapes are JSON's, already
// undone, so only the percent-encoding applies.
Status CheckMethod(std::string_view method);
Result<std::string> TargetToSend(std::string_view target);

// The text of a log's quoted field with its escapes undone: "\x22" and
// "\"" become a quote (kBackslash), "#22" does (kHash).
std::string Unescaped(std::string_view logged, LogEscape escape);

}  // namespace evt::load
