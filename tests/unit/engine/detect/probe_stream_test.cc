// A probe's latency every 2 s, as evt-probe records it on a healthy uplink,
// with what a site sees go wrong: a single slow probe, a level shift (the
// uplink moved to the 5G slice), an outage (every probe at the 2 s timeout),
// lost probes (NaN) and the prober stopped for ten minutes. Each detector
// under the default raise/clear rule must raise for the shift and the
// outage within a bound, clear after recovery, and stay quiet otherwise.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/detect/detector.h"
#include "engine/detect/raise_clear_rule.h"
#include "tests/unit/engine/detect/detector_test_util.h"

namespace evt::detect {
namespace {

constexpr double kInterval = 2;
// The timeline, in samples.
constexpr int kOutlier = 400;        // one probe at 900 ms
constexpr int kShift = 700;          // from here 25 ms -> 70 ms, for good
constexpr int kOutage = 1300;        // 40 probes at the 2000 ms timeout
constexpr int kOutageEnd = 1340;
constexpr int kGap = 1800;           // no samples for 10 minutes
constexpr int kEnd = 2300;
// Samples from the start of an episode to its raise: 10 (20 s), and 20 for
// relative_entropy, which compares whole windows: a fifth of its window
// must have changed before the histogram does.
int RaiseBound(std::string_view kind) { return kind == "relative_entropy" ? 20 : 10; }
constexpr int kClearBound = 80;      // from the end of the outage to its clear: a window (64) and clear_after (5)

struct Event {
  int sample;
  Transition transition;
};

std::vector<Event> RunStream(Detector& detector, std::mt19937_64& rng) {
  std::lognormal_distribution<double> jitter(0, 0.08);
  std::uniform_int_distribution<int> percent(0, 99);
  RaiseClearRule rule;
  std::vector<Event> events;
  double t = 1.7e9;
  for (int i = 0; i < kEnd; ++i) {
    t += i == kGap ? 600 : kInterval;
    double base = i >= kShift ? 70 : 25;
    double value = base * jitter(rng);
    if (i == kOutlier) value = 900;
    if (i >= kOutage && i < kOutageEnd) value = 2000;
    if (percent(rng) == 0) value = NAN;  // 1 % of probes lost
    Transition transition = rule.Update(detector.Update({t, value}));
    if (transition != Transition::kNone) events.push_back({i, transition});
  }
  return events;
}

std::string Describe(const std::vector<Event>& events) {
  std::string out;
  for (const Event& e : events) {
    out += (e.transition == Transition::kRaise ? "raise@" : "clear@") + std::to_string(e.sample) + " ";
  }
  return out;
}

TEST_CASE("probe stream: each detector raises a level shift and an outage in time, clears, ignores one outlier") {
  // One fixed draw of the stream, so CI does not flake: contextual fails in
  // about 2 % of draws (5 of seeds 1..300: 8 122 164 207 255; the others in
  // none; contextual_entropy in 2, seeds 8 and 122), by a noise raise just
  // before the outage that swallows it, or by learning the 40-sample outage
  // as normal and missing the return, which this test is not the place to
  // hide or to fail on at random.
  // Run others with EVT_TEST_SEED.
  std::uint64_t seed = testing::TestSeed(20261206);
  for (std::string_view kind : kDetectorKinds) {
    std::mt19937_64 rng(seed);
    auto detector = MakeDetector(testing::SpecOf(std::string(kind)));
    std::vector<Event> events = RunStream(*detector, rng);
    INFO(kind << ": " << Describe(events));
    auto raised_in = [&](int from, int to) {
      for (const Event& e : events) {
        if (e.transition == Transition::kRaise && e.sample >= from && e.sample < to) return true;
      }
      return false;
    };
    auto cleared_in = [&](int from, int to) {
      for (const Event& e : events) {
        if (e.transition == Transition::kClear && e.sample >= from && e.sample < to) return true;
      }
      return false;
    };
    CHECK_FALSE(raised_in(0, kShift));  // the outlier, the lost probes
    CHECK(raised_in(kShift, kShift + RaiseBound(kind)));
    CHECK(raised_in(kOutage, kOutage + RaiseBound(kind)));
    CHECK(cleared_in(kOutageEnd, kOutageEnd + kClearBound));
    CHECK_FALSE(raised_in(kOutageEnd + kClearBound, kEnd));  // the gap, the lost probes
    for (const Event& e : events) {
      bool expected = (e.sample >= kShift && e.sample < kOutageEnd + kClearBound);
      CHECK(expected);
    }
  }
}

}  // namespace
}  // namespace evt::detect
