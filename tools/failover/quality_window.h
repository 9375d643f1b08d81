// `degraded` for a path that answers but badly: loss and p95 latency over
// its last `window` results, raised at the raise limits and cleared only
// when both are back at or under the clear limits (hysteresis, as
// SmokePing's and mwan3's check_quality do it).
#pragma once

#include <vector>

#include "tools/failover/spec.h"

namespace evt::failover {

class QualityWindow {
 public:
  explicit QualityWindow(const DegradedSpec& spec) : spec_(spec) {}

  // Adds one result; returns true when `degraded` flipped.
  bool Record(bool ok, double total_ms);

  bool degraded() const { return degraded_; }
  void Restore(bool degraded) { degraded_ = degraded; }
  // How many results the window holds, and how many of them answered.
  std::size_t results() const { return samples_.size(); }
  std::size_t answered() const;
  double loss() const;
  // Of the answered results; 0 when none answered.
  double p95_ms() const;

 private:
  struct Sample {
    bool ok;
    double ms;
  };
  DegradedSpec spec_;
  std::vector<Sample> samples_;  // a ring of at most spec_.window
  std::size_t next_ = 0;
  bool degraded_ = false;
};

}  // namespace evt::failover
