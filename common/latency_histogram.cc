#include "common/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace evt {
namespace {

// HdrHistogram's layout for 1 µs .. 1 h at 3 significant digits: unit
// resolution up to 2 * 10^3 needs 2^ceil(log2(2000)) = 2048 sub-buckets;
// each further bucket doubles the value range at half the resolution and
// uses only its top half (the bottom half is the previous bucket's range).
constexpr int kSubBucketCountMagnitude = 11;
constexpr int kSubBucketHalfCountMagnitude = kSubBucketCountMagnitude - 1;
constexpr std::int64_t kSubBucketCount = std::int64_t{1} << kSubBucketCountMagnitude;
constexpr std::int64_t kSubBucketHalfCount = kSubBucketCount / 2;
constexpr std::uint64_t kSubBucketMask = kSubBucketCount - 1;  // unit magnitude 0: 1 µs

constexpr int BucketsToCover(std::int64_t highest) {
  int buckets = 1;
  for (std::int64_t untrackable = kSubBucketCount; untrackable <= highest; untrackable *= 2) ++buckets;
  return buckets;
}
constexpr int kBucketCount = BucketsToCover(LatencyHistogram::kHighestMicros);
constexpr std::size_t kCountsLength = static_cast<std::size_t>((kBucketCount + 1) * kSubBucketHalfCount);

int BucketIndex(std::int64_t value) {
  // The smallest power of two holding the value, less the sub-bucket range;
  // the mask puts every value below 2048 in bucket 0.
  const int pow2_ceiling = 64 - std::countl_zero(static_cast<std::uint64_t>(value) | kSubBucketMask);
  return pow2_ceiling - kSubBucketCountMagnitude;
}

std::size_t CountsIndex(std::int64_t value) {
  const int bucket = BucketIndex(value);
  const std::int64_t sub_bucket = value >> bucket;
  return static_cast<std::size_t>(((std::int64_t{bucket} + 1) << kSubBucketHalfCountMagnitude) +
                                  (sub_bucket - kSubBucketHalfCount));
}

std::int64_t LowestValueAt(std::size_t index) {
  std::int64_t bucket = static_cast<std::int64_t>(index >> kSubBucketHalfCountMagnitude) - 1;
  std::int64_t sub_bucket = static_cast<std::int64_t>(index) % kSubBucketHalfCount + kSubBucketHalfCount;
  if (bucket < 0) {
    sub_bucket -= kSubBucketHalfCount;
    bucket = 0;
  }
  return sub_bucket << bucket;
}

std::int64_t HighestEquivalentValue(std::int64_t value) {
  const int bucket = BucketIndex(value);
  const std::int64_t lowest = (value >> bucket) << bucket;
  return lowest + (std::int64_t{1} << bucket) - 1;
}

// HdrHistogram's count at a percentile: the product lands one ulp above the
// exact integer rank in cases like 99.9 % of 1000, so one ulp is taken off
// before rounding up (its ports all do; the oracle test compares with one).
std::int64_t RankAtPercentile(double percentile, std::int64_t count) {
  const double fp_rank = percentile / 100.0 * static_cast<double>(count);
  const double ulp = fp_rank > 0 ? std::ldexp(1.0, std::ilogb(fp_rank) - 52) : 0.0;
  return std::max<std::int64_t>(static_cast<std::int64_t>(std::ceil(fp_rank - ulp)), 1);
}

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kCountsLength, 0) {}

void LatencyHistogram::Record(std::int64_t micros) {
  if (micros > kHighestMicros) {
    micros = kHighestMicros;
    ++clamped_;
  }
  micros = std::max(micros, kLowestMicros);
  ++counts_[CountsIndex(micros)];
  if (count_ == 0 || micros < min_) min_ = micros;
  if (count_ == 0 || micros > max_) max_ = micros;
  ++count_;
  sum_ += static_cast<double>(micros);
}

void LatencyHistogram::RecordCount(std::int64_t micros, std::int64_t count) {
  if (count <= 0) return;
  if (micros > kHighestMicros) {
    micros = kHighestMicros;
    clamped_ += count;
  }
  micros = std::max(micros, kLowestMicros);
  counts_[CountsIndex(micros)] += count;
  if (count_ == 0 || micros < min_) min_ = micros;
  if (count_ == 0 || micros > max_) max_ = micros;
  count_ += count;
  sum_ += static_cast<double>(micros) * static_cast<double>(count);
}

std::vector<std::pair<std::int64_t, std::int64_t>> LatencyHistogram::NonEmptyBuckets() const {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i] != 0) out.emplace_back(LowestValueAt(i), counts_[i]);
  return out;
}

void LatencyHistogram::RecordMillis(double millis) {
  const double micros = std::round(millis * 1000.0);
  // Compared as doubles first: past 1 h, or NaN, the conversion to an
  // integer would be undefined. A NaN latency is a bug upstream; it lands
  // at the top, where clamped() shows it.
  if (!(micros <= static_cast<double>(kHighestMicros))) {
    Record(kHighestMicros + 1);
    return;
  }
  Record(static_cast<std::int64_t>(micros));
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  clamped_ += other.clamped_;
  sum_ += other.sum_;
}

void LatencyHistogram::Reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  clamped_ = 0;
  min_ = 0;
  max_ = 0;
  sum_ = 0;
}

std::int64_t LatencyHistogram::min() const { return min_; }
std::int64_t LatencyHistogram::max() const { return max_; }

double LatencyHistogram::mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }

std::size_t LatencyHistogram::memory_bytes() const {
  return sizeof(*this) + counts_.capacity() * sizeof(counts_.front());
}

std::int64_t LatencyHistogram::ValueAtPercentile(double percentile) const {
  if (count_ == 0) return 0;
  if (!(percentile > 0)) return min_;  // 0, below 0 and NaN
  const std::int64_t rank = RankAtPercentile(std::min(percentile, 100.0), count_);
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(HighestEquivalentValue(LowestValueAt(i)), max_);
  }
  return max_;
}

}  // namespace evt
