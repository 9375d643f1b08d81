#include "tools/failover/quality_window.h"

#include <algorithm>
#include <cmath>

namespace evt::failover {

bool QualityWindow::Record(bool ok, double total_ms) {
  const std::size_t window = static_cast<std::size_t>(std::max(1, spec_.window));
  if (samples_.size() < window) {
    samples_.push_back({ok, total_ms});
  } else {
    samples_[next_] = {ok, total_ms};
    next_ = (next_ + 1) % window;
  }
  const double loss_now = loss();
  const double p95_now = p95_ms();
  const bool was = degraded_;
  if (!degraded_) {
    degraded_ = loss_now >= spec_.raise.loss || p95_now >= spec_.raise.p95_ms;
  } else {
    degraded_ = !(loss_now <= spec_.clear.loss && p95_now <= spec_.clear.p95_ms);
  }
  return degraded_ != was;
}

std::size_t QualityWindow::answered() const {
  return static_cast<std::size_t>(std::count_if(samples_.begin(), samples_.end(), [](const Sample& s) { return s.ok; }));
}

double QualityWindow::loss() const {
  if (samples_.empty()) return 0;
  const auto lost = std::count_if(samples_.begin(), samples_.end(), [](const Sample& s) { return !s.ok; });
  return static_cast<double>(lost) / static_cast<double>(samples_.size());
}

double QualityWindow::p95_ms() const {
  std::vector<double> answered;
  for (const Sample& s : samples_)
    if (s.ok) answered.push_back(s.ms);
  if (answered.empty()) return 0;
  // Nearest rank: the smallest value at or above 95% of the answers.
  const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(answered.size())));
  auto nth = answered.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(rank, 1) - 1);
  std::nth_element(answered.begin(), nth, answered.end());
  return *nth;
}

}  // namespace evt::failover
