// The destination's rate cap (`rate_per_s`): a token bucket on the monotonic
// clock. The bucket holds at most one second's worth of sends, so a drain
// after a quiet spell starts with a short burst, never a flood.
#pragma once

#include <chrono>

#include "common/duration.h"

namespace evt::outbox {

class RateCap {
 public:
  using Instant = std::chrono::steady_clock::time_point;

  // REQUIRES: rate_per_s > 0. The bucket starts full.
  RateCap(double rate_per_s, Instant now);

  // Changes the rate (the ramp moves it); tokens already earned stay, cut
  // to the new bucket size.
  void SetRate(double rate_per_s, Instant now);
  double rate() const { return rate_; }

  // Takes one token when there is one.
  bool TryTake(Instant now);

  // How long until a token is there (0 when there is one now).
  Duration Wait(Instant now);

 private:
  void Refill(Instant now);
  double Capacity() const;

  double rate_;
  double tokens_;
  Instant last_;
};

}  // namespace evt::outbox
