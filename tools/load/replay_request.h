// One request of a replay, from a log line to its place on the schedule:
// what the access-log and record parsers produce and the replay schedule
// paces.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace evt::load {

struct ReplayRequest {
  double at_s = 0;  // arrival offset from the log's first request, seconds
  std::string method;
  std::string target;  // path+query, or an absolute URL
  std::optional<long> status;  // as the log recorded it, when it did
  std::int64_t line = 0;       // 1-based line of the log it came from
};

// A parsed line before its arrival is known: the arrival of a request in
// a one-second-resolution log depends on the other lines of that second
// (see LoggedArrivals in log_arrivals.h).
struct LoggedRequest {
  ReplayRequest request;              // at_s is filled in by LoggedArrivals
  std::int64_t logged_us = 0;         // the line's time, microseconds since the epoch
  std::int64_t request_time_us = 0;   // > 0 when the time was taken at completion
  bool whole_second = false;          // the time has one-second resolution
};

}  // namespace evt::load
