// Roll-ups at the edge (a queue's "rollup" key, doc/design.md §15): per
// interval of put time and per group (the values of the `by` fields), how
// many records were offered to the queue (before sampling), how many were
// failures (sampling.h's IsFailure), and their latencies in a mergeable
// histogram (common/latency_histogram.h), so the centre can take
// aggregates only and still merge percentiles across kiosks and intervals.
// A closed interval's groups become outbox.rollup records
// (schemas/records/outbox.rollup.json), put into the same queue by the
// next put or run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/config_object.h"
#include "common/duration.h"
#include "common/latency_histogram.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::outbox {

struct RollupSpec {
  Duration interval = std::chrono::minutes(1);
  // Top-level fields, or "status_class" (StatusClassOf), in this order.
  std::vector<std::string> by = {"kind", "target", "status_class"};
};

// Reads a queue's "rollup" object strictly (78 naming the key): interval
// a duration of at least 1s, by a non-empty list of field names.
Result<RollupSpec> ReadRollupSpec(const ConfigObject& o);

// "2xx" .. "5xx" from an HTTP "status", else "failed" for a failure
// (IsFailure), else "ok".
std::string StatusClassOf(const Value& record);

// One group of one interval.
struct RollupCell {
  std::int64_t count = 0;
  std::int64_t errors = 0;
  LatencyHistogram latency;  // of the records with a latency (LatencyMsOf)

  void Add(const Value& record);
  void Merge(const RollupCell& other);
};

struct RollupKey {
  std::int64_t start_ms = 0;  // the interval's start, Unix ms, a multiple of the interval
  std::string group;          // the by fields and their values as compact JSON (absent: null)
  auto operator<=>(const RollupKey&) const = default;
};

using RollupCells = std::map<RollupKey, RollupCell>;

// The interval `at` falls in, as its start.
std::int64_t IntervalStartMs(TimePoint at, Duration interval);
// The group `record` counts in, as RollupKey::group.
std::string GroupOf(const RollupSpec& spec, const Value& record);
// Counts `record` in its group of the interval holding `at`.
void Offer(const RollupSpec& spec, const Value& record, TimePoint at, RollupCells& cells);

// The histogram as {"count", "min_us", "max_us", "buckets": [[lowest_us,
// count], ...]} (non-empty buckets only), and back. DataErr naming
// `where` when the value is not such an object.
Value HistogramValue(const LatencyHistogram& histogram);
Result<LatencyHistogram> HistogramFromValue(const Value& v, const std::string& where);

// The outbox.rollup record of a closed group, with an id made from queue,
// kiosk, interval and group, so sealing it twice (after a kill -9) stores
// it once.
struct SealedRollup {
  std::string queue;
  std::string kiosk;
  Duration interval;
  RollupKey key;
};
Result<Value> RollupRecord(const SealedRollup& sealed, const RollupCell& cell, TimePoint now);

}  // namespace evt::outbox
