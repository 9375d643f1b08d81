// A replay's schedule: the log's arrivals as evt-load sends them, scaled
// by --speed, idle time cut to --max-gap, unsafe methods left out unless
// --allow-unsafe, and bounded in requests and time like every run.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "tools/load/replay_request.h"

namespace evt::load {

// "2x", "0.5x", "200%" (also a bare "2"): how much faster than recorded.
// Anything not a finite number above 0 is a usage error naming --speed.
Result<double> ParseSpeed(std::string_view text);

struct ReplayScheduleOptions {
  double speed = 1;                  // > 0
  std::optional<double> max_gap_s;   // gaps (after scaling) longer than this shrink to it
  bool allow_unsafe = false;         // else only GET, HEAD and OPTIONS are replayed
  std::int64_t max_requests = 0;     // 0: no cap
  std::optional<double> duration_s;  // requests due at or after this are left out
};

struct ReplaySchedule {
  // In send order, at_s from 0 (the first request kept).
  std::vector<ReplayRequest> requests;
  std::int64_t skipped_unsafe = 0;      // methods other than GET/HEAD/OPTIONS
  std::int64_t over_duration = 0;       // due after duration_s
  std::int64_t over_max_requests = 0;   // beyond max_requests
  std::int64_t shrunk_gaps = 0;         // gaps cut to max_gap_s
};

bool IsSafeMethod(std::string_view method);  // GET, HEAD, OPTIONS

// The schedule of `arrivals` (in arrival order, as Arrivals returns them).
// The method filter comes first, then offsets restart at the first request
// kept; each gap is divided by speed and then cut to max_gap_s (as
// GoReplay's --input-file-max-wait, the cut applies to the scaled gap);
// then duration and request caps apply, in that order.
// REQUIRES: options.speed > 0; max_gap_s, duration_s >= 0 when set.
ReplaySchedule BuildReplaySchedule(std::vector<ReplayRequest> arrivals, const ReplayScheduleOptions& options);

// How many requests fall in each second [n, n+1) of the schedule, from 0
// to the last request's second: the series a replay's windows should show.
std::vector<std::int64_t> RequestsPerSecond(const std::vector<ReplayRequest>& requests);

}  // namespace evt::load
