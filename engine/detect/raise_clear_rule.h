// When a series' scores become an alert, SmokePing-style: raise when
// `raise_count` of the last `raise_window` scores are above `raise_above`,
// once per episode (edge-triggered); clear when `clear_after` scores in a
// row are below `clear_below`. With the defaults (3 of 5 above 0.6, clear
// after 5 below 0.3) one outlier never raises, and a raised series does not
// flap back and forth on a noisy edge.
//
// Scores that are not warm (a missing value, warm-up, a re-warm after a
// gap: detector.h) neither raise nor clear: the rule waits for a score.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/config_object.h"
#include "common/status.h"
#include "common/value.h"
#include "engine/detect/detector.h"

namespace evt::detect {

struct RuleSpec {
  double raise_above = 0.6;  // a z of 3.7 for the z-based detectors (z_score.h)
  std::size_t raise_count = 3;
  std::size_t raise_window = 5;  // at most 32
  double clear_below = 0.3;
  std::size_t clear_after = 5;
};

// "raise_above", "raise_count", "raise_window", "clear_below",
// "clear_after", all optional; Config (78) errors naming the key, e.g.
// "event.json: /detect/rules/0/raise_count: expected 1..5 (raise_window), got 7".
// REQUIRES: the caller calls Finish() on `object`'s root.
Result<RuleSpec> ParseRuleSpec(const ConfigObject& object);
Value RuleSpecToValue(const RuleSpec& spec);

enum class Transition { kNone, kRaise, kClear };

class RaiseClearRule {
 public:
  explicit RaiseClearRule(const RuleSpec& spec = {}) : spec_(spec) {}

  Transition Update(const Score& score);
  bool raised() const { return raised_; }

 private:
  RuleSpec spec_;
  std::uint32_t above_bits_ = 0;  // bit i: the i-th last score was above
  std::size_t below_run_ = 0;
  bool raised_ = false;
};

}  // namespace evt::detect
