// Tail-based sampling at the edge (a queue's "sampling" key, doc/design.md
// §15): a record is complete when it is put, so `put` decides then. It
// keeps every failure and every slow record and a share `keep` of the
// rest, chosen by a hash of the record's id: the same record is kept or
// not on every kiosk, so replication does not change the sample.
//  - a failure: "ok": false, a "status" of 500 or more, or an "error"
//    field that is not null or false (probe, flow and load records say so
//    in one of these ways, schemas/records/);
//  - slow: "latency_ms", "duration_ms" or "total_ms" (probe, flow) at or
//    above slow_ms.
#pragma once

#include <optional>
#include <string_view>

#include "common/config_object.h"
#include "common/status.h"
#include "common/value.h"

namespace evt::outbox {

struct SamplingSpec {
  double keep = 1.0;              // 0..1: the share of ordinary records kept
  std::optional<double> slow_ms;  // unset: no record counts as slow
  bool keep_failures = true;
};

// Reads a queue's "sampling" object strictly (78 naming the key): keep a
// ratio in 0..1, slow_ms a number of at least 0.
Result<SamplingSpec> ReadSamplingSpec(const ConfigObject& o);

bool IsFailure(const Value& record);
// The record's latency in ms: latency_ms, else duration_ms, else total_ms;
// nullopt when it has none of them as a number.
std::optional<double> LatencyMsOf(const Value& record);

// Where `id` falls in [0, 1): the first 64 bits of its SHA-256.
double IdShare(std::string_view id);

// Whether `record` (with id `id`) stays in the queue.
bool Keeps(const SamplingSpec& spec, const Value& record, std::string_view id);

}  // namespace evt::outbox
