// The schedule of a load run: the intended time of each arrival, as an
// offset from the start. From a profile, arrival k (counting from 0) is due
// when the integral of the rate from the start reaches k, so arrival 0
// leaves at the start and rate x duration arrivals fit in a constant run;
// from a replay, the recorded offsets themselves. Bounded by the profile's
// length and by max_requests. Generated lazily: a 20,000/s run of an hour
// never holds its schedule in memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "tools/load/load_profile.h"

namespace evt::load {

class Arrivals {
 public:
  // max_requests <= 0: bounded by the profile's length alone.
  Arrivals(LoadProfile profile, std::int64_t max_requests);
  // A replay's offsets in seconds since the start (negative ones count as
  // 0), sorted here if they are not. Its length ends at the last offset.
  explicit Arrivals(std::vector<double> offsets_seconds, std::int64_t max_requests = 0);

  // The next arrival's offset, or nullopt once the schedule is over.
  // Offsets never decrease.
  std::optional<std::chrono::microseconds> Peek();
  // Moves past the arrival Peek() returned. REQUIRES: Peek() had a value.
  void Pop();
  // Peek() then Pop().
  std::optional<std::chrono::microseconds> Next();

  // Arrivals handed out by Pop().
  std::int64_t produced() const { return produced_; }
  // How many arrivals the whole schedule has (for a sine, give or take
  // one at its end).
  std::int64_t total() const;
  // The schedule's length in seconds: the profile's, or the last offset.
  double seconds() const;
  // How many arrivals the schedule asks for in [from, to) seconds: the
  // rate's integral for a profile, the count of offsets for a replay.
  double ExpectedBetween(double from, double to) const;

 private:
  std::optional<double> NextFromProfile();
  std::optional<double> NextFromOffsets();

  std::optional<LoadProfile> profile_;
  std::shared_ptr<const std::vector<double>> offsets_;  // shared: copies of a replay's schedule are cheap
  std::int64_t max_requests_ = 0;
  std::int64_t produced_ = 0;
  std::optional<std::optional<std::chrono::microseconds>> peeked_;
  // Walking the profile: the piece holding the next arrival and the
  // integral of the rate up to its start.
  RateSegment segment_{};
  double integral_at_segment_ = 0;
  bool started_ = false;
};

// Where, within a linear piece, the rate's integral reaches `arrivals`
// (0 <= arrivals <= segment.Integral()): seconds since the piece's start,
// in closed form.
double SolveWithinSegment(const RateSegment& segment, double arrivals);

}  // namespace evt::load
