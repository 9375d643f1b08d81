#include "engine/detect/robust_z.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/detect/state_value.h"
#include "engine/detect/z_score.h"

namespace evt::detect {
namespace {

// The MAD of normal data times this is its standard deviation.
constexpr double kMadToSigma = 1.4826;
constexpr double kExpectedZ = 3;  // the expected range is level +- 3 spreads
// What the ring learns is clamped to the level +- this many spreads: an
// outage is learned as a small step per sample, not taken as the new normal
// once it fills half the ring; a lasting shift is still learned, in a few
// half-windows, as each step widens the spread.
constexpr double kLearnClampZ = 5;

double MedianInPlace(double* first, std::size_t n) {
  double* mid = first + n / 2;
  std::nth_element(first, mid, first + n);
  if (n % 2 == 1) return *mid;
  return (*mid + *std::max_element(first, mid)) / 2;
}

}  // namespace

RobustZ::RobustZ(const DetectorSpec& spec) : ring_(spec.window), refresh_(spec.refresh), alpha_(spec.alpha) {}

void RobustZ::RecomputeBaseline() {
  std::array<double, kMaxWindow> scratch;
  std::size_t n = ring_.size();
  std::copy(ring_.data(), ring_.data() + n, scratch.begin());
  double median = MedianInPlace(scratch.data(), n);
  for (std::size_t i = 0; i < n; ++i) scratch[i] = std::abs(ring_.data()[i] - median);
  double mad = MedianInPlace(scratch.data(), n);
  level_ = median;
  spread_ = kMadToSigma * mad;
  if (spread_ <= SpreadFloor(median)) {
    // More than half the window is one value: the mean absolute deviation
    // still sees the rest (1.2533 scales it to a standard deviation).
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += scratch[i];
    spread_ = std::max(1.2533 * sum / static_cast<double>(n), SpreadFloor(median));
  }
  has_baseline_ = true;
  since_refresh_ = 0;
}

Score RobustZ::Update(const Sample& sample) {
  Score out;
  if (has_baseline_) {
    out.score = ScoreOfZ((sample.value - level_) / spread_);
    out.expected_low = level_ - kExpectedZ * spread_;
    out.expected_high = level_ + kExpectedZ * spread_;
    out.warm = true;
  }
  double learned = sample.value;
  // Only from a full ring: a spread from a few samples can be near zero,
  // and clamping to it would teach the ring that nothing ever varies.
  if (ring_.full()) learned = std::clamp(learned, level_ - kLearnClampZ * spread_, level_ + kLearnClampZ * spread_);
  ring_.Push(learned);
  // Clamped, so one outlier moves the level by at most alpha * 3 spreads
  // until the next refresh, as it moves the median by at most one rank.
  double pull = std::clamp(sample.value - level_, -kExpectedZ * spread_, kExpectedZ * spread_);
  level_ += alpha_ * pull;
  if (!has_baseline_ || ++since_refresh_ >= refresh_) RecomputeBaseline();
  return out;
}

Value RobustZ::State() const {
  Array window;
  for (std::size_t i = 0; i < ring_.size(); ++i) window.emplace_back(ring_[i]);
  Value out = Value::object();
  out.set("window", Value(std::move(window)));
  if (has_baseline_) {
    out.set("level", level_);
    out.set("spread", spread_);
    out.set("since_refresh", since_refresh_);
  }
  return out;
}

Status RobustZ::LoadState(const Value& state) {
  std::vector<double> window;
  EVT_RETURN_IF_ERROR(ReadNumbers(state, "window", ring_.length(), window));
  for (double v : window) ring_.Push(v);
  if (ring_.size() == 0) return Status::Ok();
  EVT_RETURN_IF_ERROR(ReadNumber(state, "level", level_));
  EVT_RETURN_IF_ERROR(ReadNumber(state, "spread", spread_));
  if (!(spread_ > 0)) return Status::DataErr("spread: expected a number above 0");
  EVT_RETURN_IF_ERROR(ReadCount(state, "since_refresh", refresh_, since_refresh_));
  has_baseline_ = true;
  return Status::Ok();
}

}  // namespace evt::detect
