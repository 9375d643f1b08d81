// The raise/clear rule over one series' scores, SmokePing-style: one noisy
// sample is not an alert. Edge-triggered: Observe says when the state
// changes, not while it holds.
#pragma once

#include <bitset>
#include <cstddef>

#include "tools/detect/detect_config.h"

namespace evt::detect {

enum class Edge { kNone, kRaise, kClear };

class AlertRule {
 public:
  explicit AlertRule(const RuleSpec& spec) : spec_(spec) {}

  // The next score of the series (0..1). Raises when at least raise_n of
  // the last raise_m scores were above raise_above; once raised, clears
  // after clear_after scores in a row below clear_below, and starts
  // counting afresh.
  Edge Observe(double score);

  bool raised() const { return raised_; }
  // How many of the last raise_m scores were above raise_above.
  int above() const { return static_cast<int>(window_.count()); }

 private:
  static constexpr std::size_t kMaxWindow = 1000;  // detect_config's bound on raise_m

  RuleSpec spec_;
  std::bitset<kMaxWindow> window_;  // bit i: the score i steps ago was above
  bool raised_ = false;
  int below_in_a_row_ = 0;
};

}  // namespace evt::detect
