// One second of a load run (and, merged, the whole run): what the
// `load.window` and `load.summary` records carry and the live view draws.
#pragma once

#include <array>
#include <cstdint>

#include "common/latency_histogram.h"
#include "tools/load/request_outcome.h"
#include "tools/load/window_slices.h"

namespace evt::load {

inline constexpr std::size_t kErrorClasses = 7;  // indexed by ErrorClass

struct LoadWindow {
  MicroTime start{};
  double seconds = 1.0;     // the window's length; the last one may be shorter
  double target_rate = 0;   // requests/s the profile asked for, averaged over the window
  std::int64_t intended = 0;   // requests whose intended time fell in the window
  std::int64_t sent = 0;       // requests sent in the window
  std::int64_t completed = 0;  // requests finished in the window
  std::int64_t in_flight = 0;  // at the window's end
  // Sends more than 1 ms behind the schedule, and how far (ms, as a
  // histogram so windows merge).
  std::int64_t slipped = 0;
  LatencyHistogram slip;
  // Requests that never left because --max-in-flight was reached when they
  // were due: sent late (counted in slipped) or, at the end, not at all.
  std::int64_t held_back = 0;
  std::array<std::int64_t, kErrorClasses> errors{};
  LatencyHistogram corrected;    // from the intended time, all completed requests
  LatencyHistogram uncorrected;  // from the actual send
  // The corrected latency again, by status class and by flow step.
  WindowSlices slices;

  // Counts its completion in this window: completed, both latencies (µs),
  // errors[its class] unless it has none, and its slices. The sender
  // counts intended, sent, slipped and slip itself: they belong to the
  // window of the send.
  void Add(const RequestOutcome& outcome);
  // Sums the counts and merges the histograms. The result spans both
  // windows from the earlier start: consecutive seconds make the run's
  // whole (target_rate their time-weighted mean, in_flight the later
  // one's); the same second from two senders stays one second and its
  // target rates and in_flight add. A default LoadWindow (start at the
  // epoch) is the empty accumulator: merging into it copies the other.
  void Merge(const LoadWindow& other);
  double achieved_rate() const;     // sent / seconds; 0 for an empty span
  std::int64_t error_count() const;  // every class but kNone
};

}  // namespace evt::load
