// Loss, latency percentiles and jitter over a window of attempts at one
// target: what one probe cannot show and blackbox_exporter declines to do.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace evt::probe {

struct WindowSummary {
  std::int64_t sent = 0;
  std::int64_t lost = 0;  // attempts that failed, whatever the reason
  double loss = 0;        // lost / sent; 0 for an empty window
  // Of the total time of the successful attempts; absent when none was.
  std::optional<double> min_ms, p50_ms, p95_ms, max_ms, mean_ms;
  // RFC 3550 section 6.4.1's interarrival jitter estimate, fed with the
  // difference D between successive successful samples:
  // J += (|D| - J) / 16. It runs on across windows, as an RTP receiver's
  // does; absent until two samples were seen.
  std::optional<double> jitter_ms;
  // The plain mean of |D| over successive successful samples within this
  // window; absent with fewer than two.
  std::optional<double> mean_abs_diff_ms;
};

// The nearest-rank percentile (the smallest sample with at least p of the
// samples at or below it): p=0.5 of {1,2,3,4} is 2, p=0.95 of 1..20 is 19.
// REQUIRES: !sorted.empty(), sorted ascending, 0 < p <= 1.
double NearestRankPercentile(const std::vector<double>& sorted, double p);

class ProbeWindow {
 public:
  // One attempt: its total time when it succeeded, nullopt when it failed.
  void Add(std::optional<double> total_ms);
  std::int64_t sent() const { return sent_; }
  // The figures of the attempts since the last Reset().
  WindowSummary Summarize() const;
  // Starts a new window; the RFC 3550 estimate and the last sample carry on.
  void Reset();

 private:
  std::int64_t sent_ = 0;
  std::vector<double> samples_;
  double abs_diff_sum_ = 0;
  std::int64_t diffs_ = 0;
  std::optional<double> previous_;  // the last successful sample, across windows
  std::optional<double> jitter_;
  bool previous_in_window_ = false;
};

}  // namespace evt::probe
