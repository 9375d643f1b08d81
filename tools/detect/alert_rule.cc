#include "tools/detect/alert_rule.h"

namespace evt::detect {

Edge AlertRule::Observe(double score) {
  if (!raised_) {
    window_ <<= 1;
    window_[static_cast<std::size_t>(spec_.raise_m)] = false;  // forget what slid out of the last raise_m
    window_[0] = score > spec_.raise_above;
    if (above() < spec_.raise_n) return Edge::kNone;
    raised_ = true;
    below_in_a_row_ = 0;
    return Edge::kRaise;
  }
  below_in_a_row_ = score < spec_.clear_below ? below_in_a_row_ + 1 : 0;
  if (below_in_a_row_ < spec_.clear_after) return Edge::kNone;
  raised_ = false;
  window_.reset();
  return Edge::kClear;
}

}  // namespace evt::detect
