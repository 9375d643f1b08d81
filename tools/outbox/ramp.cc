#include "tools/outbox/ramp.h"

#include <algorithm>

namespace evt::outbox {

Ramp::Ramp(RampSpec spec, double cap_per_s, Instant now)
    : spec_(spec), cap_(cap_per_s), rate_(0), interval_start_(now) {
  Restart(now);
  restarts_ = 0;
}

void Ramp::Restart(Instant now) {
  rate_ = std::min(cap_, spec_.start * cap_);
  interval_start_ = now;
  sent_ = 0;
  failed_ = 0;
  ++restarts_;
}

void Ramp::Note(bool failed, Instant now) {
  CloseIntervals(now);
  ++sent_;
  if (failed) ++failed_;
}

double Ramp::Rate(Instant now) {
  CloseIntervals(now);
  return rate_;
}

void Ramp::CloseIntervals(Instant now) {
  while (now - interval_start_ >= spec_.every) {
    interval_start_ += spec_.every;
    // An interval with no sends says nothing about the link: the rate stays.
    if (sent_ == 0) continue;
    double ratio = static_cast<double>(failed_) / static_cast<double>(sent_);
    sent_ = 0;
    failed_ = 0;
    if (ratio < spec_.max_error_ratio || (spec_.max_error_ratio >= 1.0 && ratio <= 1.0)) {
      rate_ = std::min(cap_, rate_ * 2);
    } else {
      Instant keep = interval_start_;
      Restart(keep);
    }
  }
}

}  // namespace evt::outbox
