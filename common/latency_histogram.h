// Latency in an HDR-style log-linear histogram (HdrHistogram's layout):
// fixed memory whatever the number of samples, mergeable across seconds,
// runs and peers, three significant digits from 1 µs to 1 h. Used for the
// per-second and whole-run percentiles of evt-load and wherever a
// percentile must merge (a p99 of p99s is not a p99).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace evt {

class LatencyHistogram {
 public:
  static constexpr std::int64_t kLowestMicros = 1;
  static constexpr std::int64_t kHighestMicros = 3'600'000'000;  // 1 h
  static constexpr int kSignificantDigits = 3;

  LatencyHistogram();

  // Values below 1 µs count as 1 µs (loopback can answer that fast; it is
  // within the resolution). Values above 1 h count as 1 h and also in
  // clamped(), so a report can say the top is a floor. O(1), no allocation.
  void Record(std::int64_t micros);
  // Rounds to the nearest microsecond; NaN counts as above 1 h (clamped).
  void RecordMillis(double millis);
  void Merge(const LatencyHistogram& other);
  // `count` samples of `micros` at once: a serialized bucket read back.
  void RecordCount(std::int64_t micros, std::int64_t count);
  // The non-empty buckets, lowest first, as (the lowest value the bucket
  // holds, its count): what a compact serialized histogram carries, to be
  // read back with RecordCount (min and max then to the bucket).
  std::vector<std::pair<std::int64_t, std::int64_t>> NonEmptyBuckets() const;
  void Reset();

  std::int64_t count() const { return count_; }
  std::int64_t clamped() const { return clamped_; }
  // 0 when empty. min/max are the exact extremes recorded (after clamping),
  // not bucket bounds.
  std::int64_t min() const;
  std::int64_t max() const;
  double mean() const;
  // HdrHistogram's getValueAtPercentile: the highest value equivalent to
  // the bucket holding the sample of rank ceil(p/100 * count), capped at
  // max(); p in 0..100 (0 gives min()). 0 when empty.
  std::int64_t ValueAtPercentile(double percentile) const;

  // What one histogram holds in memory, the same whatever was recorded
  // (about 188 KB: 23,552 64-bit counts).
  std::size_t memory_bytes() const;

 private:
  std::vector<std::int64_t> counts_;
  std::int64_t count_ = 0;
  std::int64_t clamped_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  double sum_ = 0;
};

}  // namespace evt
