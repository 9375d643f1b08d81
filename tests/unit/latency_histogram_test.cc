#include "common/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

namespace evt {
namespace {

constexpr std::int64_t kHour = LatencyHistogram::kHighestMicros;

// The percentiles evt-load reports, in thousandths of a percent so the
// exact nearest rank below is integer arithmetic, not the code under test.
constexpr std::int64_t kReportedMilliPercent[] = {50'000, 90'000, 99'000, 99'900, 100'000};

LatencyHistogram Recorded(const std::vector<std::int64_t>& values) {
  LatencyHistogram h;
  for (std::int64_t v : values) h.Record(v);
  return h;
}

// The textbook nearest rank: the smallest sample with at least p % of the
// samples at or below it.
std::int64_t ExactNearestRank(std::vector<std::int64_t> sorted, std::int64_t milli_percent) {
  const auto n = static_cast<std::int64_t>(sorted.size());
  const std::int64_t rank = std::max<std::int64_t>((milli_percent * n + 99'999) / 100'000, 1);
  return sorted[static_cast<std::size_t>(rank - 1)];
}

bool WithinThreeDigits(std::int64_t got, std::int64_t exact) {
  return got >= exact && static_cast<double>(got) <= static_cast<double>(exact) * (1 + 1e-3);
}

std::uint32_t TestSeed() {
  const char* env = std::getenv("EVT_TEST_SEED");
  return env != nullptr && *env != '\0' ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10))
                                        : std::random_device{}();
}

void RequireSameHistogram(const LatencyHistogram& a, const LatencyHistogram& b) {
  REQUIRE(a.count() == b.count());
  REQUIRE(a.clamped() == b.clamped());
  REQUIRE(a.min() == b.min());
  REQUIRE(a.max() == b.max());
  REQUIRE(a.mean() == Approx(b.mean()).epsilon(1e-12));
  for (int tenth = 0; tenth <= 1000; ++tenth) {
    INFO("p" << tenth / 10.0);
    REQUIRE(a.ValueAtPercentile(tenth / 10.0) == b.ValueAtPercentile(tenth / 10.0));
  }
}

}  // namespace

TEST_CASE("latency histogram: an empty one reports zeros") {
  LatencyHistogram h;
  CHECK(h.count() == 0);
  CHECK(h.clamped() == 0);
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.mean() == 0.0);
  CHECK(h.ValueAtPercentile(0) == 0);
  CHECK(h.ValueAtPercentile(50) == 0);
  CHECK(h.ValueAtPercentile(100) == 0);
}

TEST_CASE("latency histogram: 1 µs is the floor and 1 h the counted ceiling") {
  LatencyHistogram h;
  h.Record(0);
  h.Record(-5);
  CHECK(h.count() == 2);
  CHECK(h.min() == 1);
  CHECK(h.clamped() == 0);  // below 1 µs is within the resolution, not a lost top

  h.Record(kHour);
  CHECK(h.max() == kHour);
  CHECK(h.ValueAtPercentile(100) == kHour);
  CHECK(h.clamped() == 0);

  h.Record(kHour + 1);
  h.Record(std::numeric_limits<std::int64_t>::max());
  CHECK(h.max() == kHour);
  CHECK(h.clamped() == 2);
  CHECK(h.count() == 5);
  CHECK(h.ValueAtPercentile(100) == kHour);
  CHECK(h.ValueAtPercentile(0) == 1);
}

TEST_CASE("latency histogram: milliseconds round to the nearest microsecond") {
  LatencyHistogram h;
  h.RecordMillis(1.2346);
  CHECK(h.max() == 1235);
  h.RecordMillis(0.0004);
  CHECK(h.min() == 1);
  h.RecordMillis(-3.0);
  CHECK(h.min() == 1);
  CHECK(h.clamped() == 0);

  h.RecordMillis(3'600'000.0);  // exactly 1 h
  CHECK(h.clamped() == 0);
  h.RecordMillis(1e300);
  h.RecordMillis(std::numeric_limits<double>::infinity());
  h.RecordMillis(std::numeric_limits<double>::quiet_NaN());
  CHECK(h.clamped() == 3);
  CHECK(h.max() == kHour);
  CHECK(h.count() == 7);
}

// Beside a larger value, so the cap at max() cannot hide the bucket's
// width: the median is then the top of v's bucket.
TEST_CASE("latency histogram: three significant digits from 1 µs to 1 h") {
  std::vector<std::int64_t> values;
  for (double v = 1; v < static_cast<double>(kHour); v *= 1.003) values.push_back(static_cast<std::int64_t>(v));
  for (int shift = 10; shift <= 31; ++shift) {  // bucket edges
    const std::int64_t edge = std::int64_t{1} << shift;
    values.insert(values.end(), {edge - 1, edge, edge + 1});
  }
  values.push_back(kHour - 1);
  for (std::int64_t v : values) {
    LatencyHistogram h;
    h.Record(v);
    h.Record(kHour);
    const std::int64_t p50 = h.ValueAtPercentile(50);
    INFO("value " << v << " reported as " << p50);
    REQUIRE(WithinThreeDigits(p50, v));
    if (v < 2048) REQUIRE(p50 == v);  // single-unit resolution below 2 * 10^3
  }
}

TEST_CASE("latency histogram: percentiles are HdrHistogram's: bucket tops, capped at the max") {
  std::vector<std::int64_t> values;
  for (std::int64_t v = 1; v <= 10'000; ++v) values.push_back(v);
  LatencyHistogram h = Recorded(values);
  CHECK(h.ValueAtPercentile(50) == 5003);    // 5000 in [5000, 5003] (4 µs wide)
  CHECK(h.ValueAtPercentile(99.9) == 9991);  // 9990 in [9984, 9991]
  CHECK(h.ValueAtPercentile(100) == 10'000);  // the bucket's top is 10,007; the max caps it
  CHECK(h.ValueAtPercentile(120) == 10'000);
  CHECK(h.ValueAtPercentile(0) == 1);
  CHECK(h.ValueAtPercentile(-1) == 1);
  CHECK(h.ValueAtPercentile(std::nan("")) == 1);
  CHECK(h.mean() == Approx(5000.5).epsilon(1e-12));
}

// 99.9 / 100 * 1000 is 999.0000000000001 in doubles: a plain ceil would
// take rank 1000.
TEST_CASE("latency histogram: a rank that is an integer in decimal is not rounded up by the float error") {
  std::vector<std::int64_t> values;
  for (std::int64_t v = 1; v <= 1000; ++v) values.push_back(v);
  LatencyHistogram h = Recorded(values);
  CHECK(h.ValueAtPercentile(99.9) == 999);
  CHECK(h.ValueAtPercentile(99.91) == 1000);
  CHECK(h.ValueAtPercentile(90) == 900);
  CHECK(h.ValueAtPercentile(0.1) == 1);
}

TEST_CASE("latency histogram: merging equals recording both sets") {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> latency(9.0, 2.0);
  std::vector<std::int64_t> first, second;
  for (int i = 0; i < 5000; ++i) first.push_back(static_cast<std::int64_t>(latency(rng)));
  for (int i = 0; i < 3000; ++i) second.push_back(static_cast<std::int64_t>(latency(rng)) + 1'000'000);
  second.push_back(kHour * 2);  // a clamped one travels with the merge

  LatencyHistogram merged = Recorded(first);
  merged.Merge(Recorded(second));
  std::vector<std::int64_t> both = first;
  both.insert(both.end(), second.begin(), second.end());
  RequireSameHistogram(merged, Recorded(both));
  CHECK(merged.clamped() == 1);

  SECTION("into an empty one, and an empty one into it") {
    LatencyHistogram empty_first;
    empty_first.Merge(merged);
    RequireSameHistogram(empty_first, merged);
    LatencyHistogram unchanged = Recorded(first);
    unchanged.Merge(LatencyHistogram{});
    RequireSameHistogram(unchanged, Recorded(first));
  }
}

TEST_CASE("latency histogram: reset forgets everything and records afresh") {
  LatencyHistogram h = Recorded({5, 500, 50'000, kHour + 10});
  h.Reset();
  RequireSameHistogram(h, LatencyHistogram{});
  h.Record(42);
  CHECK(h.count() == 1);
  CHECK(h.min() == 42);
  CHECK(h.max() == 42);
  CHECK(h.ValueAtPercentile(99) == 42);
}

TEST_CASE("latency histogram: fixed memory whatever is recorded") {
  LatencyHistogram h;
  const std::size_t before = h.memory_bytes();
  std::cout << "latency_histogram_test: sizeof " << sizeof(LatencyHistogram) << " B + counts "
            << before - sizeof(LatencyHistogram) << " B = " << before << " B per histogram\n";
  for (std::int64_t v = 1; v < kHour; v = v * 3 + 1) {
    for (int i = 0; i < 100; ++i) h.Record(v + i);
  }
  CHECK(h.memory_bytes() == before);
  CHECK(before < 200'000);
}

// Random mixtures of the shapes latency takes (fast and uniform, lognormal,
// a bimodal stall, the odd huge one) against the exact nearest rank of the
// sorted samples.
TEST_CASE("latency histogram: percentiles match the exact nearest rank within 3 digits (random samples)") {
  const std::uint32_t seed = TestSeed();
  std::cout << "latency_histogram_test: seed " << seed << " (replay with EVT_TEST_SEED=" << seed << ")\n";
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> fast(1, 5000);
  std::lognormal_distribution<double> lognormal(8.0, 1.5);
  std::uniform_int_distribution<std::int64_t> anywhere(1, kHour);
  std::uniform_int_distribution<int> shape(0, 9);
  std::uniform_int_distribution<int> size(1, 3000);
  for (int round = 0; round < 200; ++round) {
    INFO("seed " << seed << ", round " << round);
    std::vector<std::int64_t> samples(static_cast<std::size_t>(size(rng)));
    for (std::int64_t& s : samples) {
      const int pick = shape(rng);
      if (pick < 3) s = fast(rng);
      else if (pick < 8) s = std::min<std::int64_t>(static_cast<std::int64_t>(lognormal(rng)) + 1, kHour);
      else if (pick < 9) s = 1'000'000 + fast(rng);  // a 1 s stall
      else s = anywhere(rng);
    }
    const LatencyHistogram h = Recorded(samples);
    std::sort(samples.begin(), samples.end());
    REQUIRE(h.count() == static_cast<std::int64_t>(samples.size()));
    REQUIRE(h.min() == samples.front());
    REQUIRE(h.max() == samples.back());
    double sum = 0;
    for (std::int64_t s : samples) sum += static_cast<double>(s);
    REQUIRE(h.mean() == Approx(sum / static_cast<double>(samples.size())).epsilon(1e-9));
    for (std::int64_t milli : kReportedMilliPercent) {
      const std::int64_t exact = ExactNearestRank(samples, milli);
      const std::int64_t got = h.ValueAtPercentile(static_cast<double>(milli) / 1000.0);
      INFO("p" << static_cast<double>(milli) / 1000.0 << ": exact " << exact << ", histogram " << got);
      REQUIRE(WithinThreeDigits(got, exact));
    }
  }
}

}  // namespace evt
