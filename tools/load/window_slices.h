// A window's requests sliced by status class and by flow step, each slice
// with its own corrected latency, so `load.window`, `load.summary` and the
// live view can say which answers were slow and which step of a buy flow.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/latency_histogram.h"
#include "tools/load/request_outcome.h"

namespace evt::load {

// "1xx".."5xx" for an answered request; for one without an answer, its
// error class ("timeout", "connect", "reset", "other").
std::string StatusClassOf(const RequestOutcome& outcome);

struct LatencySlice {
  std::int64_t errors = 0;   // requests of the slice with an error class
  LatencyHistogram latency;  // corrected (from the intended time); its count() is the slice's size
};

struct WindowSlices {
  std::map<std::string, LatencySlice> by_class;
  std::map<std::string, LatencySlice> by_step;  // requests outside a flow have no step and are left out

  void Add(const RequestOutcome& outcome);
  void Merge(const WindowSlices& other);
};

}  // namespace evt::load
