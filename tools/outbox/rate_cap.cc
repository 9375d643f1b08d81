#include "tools/outbox/rate_cap.h"

#include <algorithm>
#include <cmath>

namespace evt::outbox {

RateCap::RateCap(double rate_per_s, Instant now) : rate_(rate_per_s), tokens_(0), last_(now) { tokens_ = Capacity(); }

// At least one token, so a rate below 1/s still lets a send through.
double RateCap::Capacity() const { return std::max(1.0, rate_); }

void RateCap::Refill(Instant now) {
  if (now <= last_) return;
  double seconds = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(Capacity(), tokens_ + seconds * rate_);
  last_ = now;
}

void RateCap::SetRate(double rate_per_s, Instant now) {
  Refill(now);
  rate_ = rate_per_s;
  tokens_ = std::min(tokens_, Capacity());
}

bool RateCap::TryTake(Instant now) {
  Refill(now);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

Duration RateCap::Wait(Instant now) {
  Refill(now);
  if (tokens_ >= 1.0) return Duration(0);
  return Duration(static_cast<std::int64_t>(std::ceil((1.0 - tokens_) / rate_ * 1000.0)));
}

}  // namespace evt::outbox
