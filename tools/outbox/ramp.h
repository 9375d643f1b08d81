// Explicit backpressure on failback (doc/design.md §15.3): after the uplink returns, a
// destination does not send at its full rate cap at once. It starts at
// `start` × the cap and doubles every `every` while the share of failed
// sends in that interval stays under `max_error_ratio`; an interval at or
// over it (a failure burst: the link flapped, the shop is struggling) sends
// it back to the start.
#pragma once

#include <chrono>
#include <cstdint>

#include "common/duration.h"

namespace evt::outbox {

struct RampSpec {
  double start = 0.1;            // a fraction of the cap, (0, 1]
  Duration every{10000};         // > 0
  double max_error_ratio = 0.05;  // [0, 1]
};

class Ramp {
 public:
  using Instant = std::chrono::steady_clock::time_point;

  // Starts at the bottom: a drain begins when the link has come back.
  // REQUIRES: cap_per_s > 0.
  Ramp(RampSpec spec, double cap_per_s, Instant now);

  // Back to start × cap, a fresh interval from `now`.
  void Restart(Instant now);

  // One send's outcome: `failed` for what says the link or the shop cannot
  // take more (a retried answer or no answer), not for a dead letter.
  void Note(bool failed, Instant now);

  // The rate to send at now, after closing every interval that has ended.
  double Rate(Instant now);

  // How many times the rate fell back to the start after a burst.
  std::int64_t restarts() const { return restarts_; }

 private:
  void CloseIntervals(Instant now);

  RampSpec spec_;
  double cap_;
  double rate_;
  Instant interval_start_;
  std::int64_t sent_ = 0;
  std::int64_t failed_ = 0;
  std::int64_t restarts_ = 0;
};

}  // namespace evt::outbox
