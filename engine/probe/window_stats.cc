#include "engine/probe/window_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace evt::probe {

double NearestRankPercentile(const std::vector<double>& sorted, double p) {
  auto n = static_cast<double>(sorted.size());
  // The small epsilon keeps 0.95 * 20 at rank 19 despite binary fractions.
  auto rank = static_cast<std::size_t>(std::ceil(p * n - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

void ProbeWindow::Add(std::optional<double> total_ms) {
  ++sent_;
  if (!total_ms) return;
  samples_.push_back(*total_ms);
  if (previous_) {
    double d = std::fabs(*total_ms - *previous_);
    jitter_ = jitter_ ? *jitter_ + (d - *jitter_) / 16.0 : d / 16.0;
    if (previous_in_window_) {
      abs_diff_sum_ += d;
      ++diffs_;
    }
  }
  previous_ = total_ms;
  previous_in_window_ = true;
}

WindowSummary ProbeWindow::Summarize() const {
  WindowSummary s;
  s.sent = sent_;
  s.lost = sent_ - static_cast<std::int64_t>(samples_.size());
  s.loss = sent_ == 0 ? 0 : static_cast<double>(s.lost) / static_cast<double>(sent_);
  if (!samples_.empty()) {
    std::vector<double> sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    s.min_ms = sorted.front();
    s.max_ms = sorted.back();
    s.p50_ms = NearestRankPercentile(sorted, 0.50);
    s.p95_ms = NearestRankPercentile(sorted, 0.95);
    s.mean_ms = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
  }
  s.jitter_ms = jitter_;
  if (diffs_ > 0) s.mean_abs_diff_ms = abs_diff_sum_ / static_cast<double>(diffs_);
  return s;
}

void ProbeWindow::Reset() {
  sent_ = 0;
  samples_.clear();
  abs_diff_sum_ = 0;
  diffs_ = 0;
  previous_in_window_ = false;
}

}  // namespace evt::probe
