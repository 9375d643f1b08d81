// When each logged request arrived, from what its log line says: the
// step between parsing a log and pacing its replay.
#pragma once

#include <vector>

#include "tools/load/replay_request.h"

namespace evt::load {

// The requests in arrival order, each at_s seconds after the first.
//
// A request's arrival is its logged time, less its request time when the
// log took the time at completion (nginx's $time_local, $msec). A log with
// one-second resolution cannot say where in its second a request ended, so
// the k requests logged in the same second are spread evenly over it: the
// i-th of them in file order (i from 0) ends at i/k of the second, and its
// request time is subtracted from that. Requests then sort by arrival,
// stably: a completion-time log lists a slow request after quicker ones
// that started later.
std::vector<ReplayRequest> LoggedArrivals(std::vector<LoggedRequest> logged);

}  // namespace evt::load
