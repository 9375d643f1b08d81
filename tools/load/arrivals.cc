#include "tools/load/arrivals.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace evt::load {

double SolveWithinSegment(const RateSegment& segment, double arrivals) {
  if (arrivals <= 0) return 0;
  double length = segment.end - segment.start;
  double a = segment.rate_at_start;
  double slope = (segment.rate_at_end - a) / length;
  // a*t + slope*t^2/2 = arrivals, in the form that neither divides by a
  // slope of 0 nor loses digits to cancellation when a is large.
  double root = std::sqrt(std::max(0.0, a * a + 2 * slope * arrivals));
  double t = a + root > 0 ? 2 * arrivals / (a + root) : length;
  return std::min(t, length);
}

Arrivals::Arrivals(LoadProfile profile, std::int64_t max_requests)
    : profile_(std::move(profile)), max_requests_(max_requests) {}

Arrivals::Arrivals(std::vector<double> offsets_seconds, std::int64_t max_requests) : max_requests_(max_requests) {
  for (double& offset : offsets_seconds) offset = std::max(offset, 0.0);
  std::sort(offsets_seconds.begin(), offsets_seconds.end());
  offsets_ = std::make_shared<const std::vector<double>>(std::move(offsets_seconds));
}

double Arrivals::seconds() const {
  if (profile_) return profile_->seconds();
  return offsets_->empty() ? 0.0 : offsets_->back();
}

std::int64_t Arrivals::total() const {
  std::int64_t count = 0;
  if (profile_) {
    // Arrival k is due when the integral reaches k: those with k below the
    // whole integral fit (the end is not part of the run).
    count = static_cast<std::int64_t>(std::ceil(profile_->ExpectedBetween(0, profile_->seconds()) - 1e-9));
  } else {
    count = static_cast<std::int64_t>(offsets_->size());
  }
  return max_requests_ > 0 ? std::min(count, max_requests_) : count;
}

double Arrivals::ExpectedBetween(double from, double to) const {
  if (profile_) return profile_->ExpectedBetween(from, to);
  auto first = std::lower_bound(offsets_->begin(), offsets_->end(), from);
  auto last = std::lower_bound(first, offsets_->end(), to);
  return static_cast<double>(last - first);
}

std::optional<double> Arrivals::NextFromOffsets() {
  auto index = static_cast<std::size_t>(produced_);
  if (index >= offsets_->size()) return std::nullopt;
  return (*offsets_)[index];
}

std::optional<double> Arrivals::NextFromProfile() {
  const double total = profile_->seconds();
  if (!started_) {
    if (total <= 0) return std::nullopt;
    segment_ = profile_->SegmentAt(0);
    started_ = true;
  }
  const auto wanted = static_cast<double>(produced_);
  while (integral_at_segment_ + segment_.Integral() < wanted) {
    if (segment_.end >= total) return std::nullopt;
    RateSegment next = profile_->SegmentAt(segment_.end);
    if (next.end <= segment_.end) return std::nullopt;  // no progress: the profile's end
    integral_at_segment_ += segment_.Integral();
    segment_ = next;
  }
  double t = segment_.start + SolveWithinSegment(segment_, wanted - integral_at_segment_);
  // An arrival a rounding error short of the end is due at the end, and
  // the end is not part of the run.
  if (t >= total - 1e-9) return std::nullopt;
  return t;
}

std::optional<std::chrono::microseconds> Arrivals::Peek() {
  if (!peeked_) {
    std::optional<double> seconds;
    if (max_requests_ <= 0 || produced_ < max_requests_) seconds = profile_ ? NextFromProfile() : NextFromOffsets();
    peeked_.emplace();
    if (seconds) *peeked_ = std::chrono::microseconds(std::llround(*seconds * 1e6));
  }
  return *peeked_;
}

void Arrivals::Pop() {
  Peek();
  peeked_.reset();
  ++produced_;
}

std::optional<std::chrono::microseconds> Arrivals::Next() {
  std::optional<std::chrono::microseconds> next = Peek();
  if (next) Pop();
  return next;
}

}  // namespace evt::load
