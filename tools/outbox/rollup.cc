#include "tools/outbox/rollup.h"

#include <openssl/sha.h>

#include <array>

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/sampling.h"

namespace evt::outbox {
namespace {

constexpr Duration kShortestInterval = std::chrono::seconds(1);
constexpr std::size_t kRollupIdBytes = 16;

std::string Sha256Hex(std::string_view text, std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    out += kDigits[digest[i] >> 4];
    out += kDigits[digest[i] & 0xf];
  }
  return out;
}

Result<std::int64_t> IntMember(const Value& v, std::string_view key, const std::string& where) {
  const Value* m = v.find(key);
  if (m == nullptr || !m->is_int() || m->as_int() < 0)
    return Status::DataErr(where + "/" + std::string(key) + ": expected an integer of at least 0");
  return m->as_int();
}

}  // namespace

Result<RollupSpec> ReadRollupSpec(const ConfigObject& o) {
  RollupSpec spec;
  EVT_ASSIGN_OR_RETURN(spec.interval, o.Duration("interval", spec.interval));
  if (spec.interval < kShortestInterval) return o.Error("interval", "expected a duration of at least 1s such as \"60s\"");
  EVT_ASSIGN_OR_RETURN(spec.by, o.StringArray("by", spec.by));
  if (spec.by.empty()) return o.Error("by", "expected at least one field name such as \"kind\"");
  for (const std::string& field : spec.by)
    if (field.empty()) return o.Error("by", "expected field names, got \"\"");
  return spec;
}

std::string StatusClassOf(const Value& record) {
  const Value* status = record.find("status");
  if (status != nullptr && status->is_integer()) {
    const double code = status->as_double();
    if (code >= 100 && code < 600) return std::to_string(static_cast<int>(code) / 100) + "xx";
  }
  return IsFailure(record) ? "failed" : "ok";
}

void RollupCell::Add(const Value& record) {
  ++count;
  if (IsFailure(record)) ++errors;
  if (std::optional<double> ms = LatencyMsOf(record)) latency.RecordMillis(*ms);
}

void RollupCell::Merge(const RollupCell& other) {
  count += other.count;
  errors += other.errors;
  latency.Merge(other.latency);
}

std::int64_t IntervalStartMs(TimePoint at, Duration interval) {
  const std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  const std::int64_t width = interval.count();
  const std::int64_t start = ms / width * width;
  return start > ms ? start - width : start;  // before 1970 the division rounds up
}

std::string GroupOf(const RollupSpec& spec, const Value& record) {
  Value group = Value::object();
  for (const std::string& field : spec.by) {
    if (field == "status_class") {
      group.set(field, StatusClassOf(record));
      continue;
    }
    const Value* v = record.find(field);
    group.set(field, v == nullptr ? Value() : *v);
  }
  Result<std::string> json = ToJson(group);
  // Every value came from a record parsed from JSON, so it writes back.
  return json.ok() ? *json : "{}";
}

void Offer(const RollupSpec& spec, const Value& record, TimePoint at, RollupCells& cells) {
  cells[RollupKey{IntervalStartMs(at, spec.interval), GroupOf(spec, record)}].Add(record);
}

Value HistogramValue(const LatencyHistogram& histogram) {
  Value buckets = Value::array();
  for (const auto& [lowest, count] : histogram.NonEmptyBuckets()) buckets.push_back(Value::array({lowest, count}));
  return Value::object({{"count", histogram.count()},
                        {"min_us", histogram.min()},
                        {"max_us", histogram.max()},
                        {"buckets", std::move(buckets)}});
}

Result<LatencyHistogram> HistogramFromValue(const Value& v, const std::string& where) {
  if (!v.is_object()) return Status::DataErr(where + ": expected a histogram object");
  const Value* buckets = v.find("buckets");
  if (buckets == nullptr || !buckets->is_array()) return Status::DataErr(where + "/buckets: expected an array");
  EVT_ASSIGN_OR_RETURN(std::int64_t count, IntMember(v, "count", where));
  EVT_ASSIGN_OR_RETURN(std::int64_t min, IntMember(v, "min_us", where));
  EVT_ASSIGN_OR_RETURN(std::int64_t max, IntMember(v, "max_us", where));
  const Array& pairs = buckets->as_array();
  LatencyHistogram h;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Value& b = pairs[i];
    if (!b.is_array() || b.as_array().size() != 2 || !b.as_array()[0].is_int() || !b.as_array()[1].is_int() ||
        b.as_array()[1].as_int() < 1)
      return Status::DataErr(where + "/buckets: expected [lowest_us, count] pairs with a count of at least 1");
    std::int64_t lowest = b.as_array()[0].as_int();
    std::int64_t n = b.as_array()[1].as_int();
    // The exact extremes lie in the first and the last bucket: recorded as
    // themselves, they come back as min() and max(), so percentiles capped
    // at max() read as they did before.
    if (i == 0) {
      h.Record(min);
      --n;
    }
    if (i + 1 == pairs.size() && n > 0) {
      h.Record(max);
      --n;
    }
    h.RecordCount(lowest, n);
  }
  if (count != h.count())
    return Status::DataErr(where + "/count: " + std::to_string(count) + " is not the sum of the buckets, " +
                           std::to_string(h.count()));
  return h;
}

Result<Value> RollupRecord(const SealedRollup& sealed, const RollupCell& cell, TimePoint now) {
  EVT_ASSIGN_OR_RETURN(Value group, ParseJson(sealed.key.group, "the roll-up group"));
  const std::string identity = sealed.queue + '\n' + sealed.kiosk + '\n' + std::to_string(sealed.key.start_ms) +
                               '\n' + std::to_string(sealed.interval.count()) + '\n' + sealed.key.group;
  Value r = RecordEnvelope("outbox.rollup", now);
  r.set("id", "rollup-" + Sha256Hex(identity, kRollupIdBytes));
  r.set("queue", sealed.queue);
  r.set("origin", sealed.kiosk);
  r.set("start", FormatRfc3339(TimePoint(std::chrono::milliseconds(sealed.key.start_ms))));
  r.set("interval", FormatDuration(sealed.interval));
  r.set("group", std::move(group));
  r.set("count", cell.count);
  r.set("errors", cell.errors);
  r.set("latency", HistogramValue(cell.latency));
  return r;
}

}  // namespace evt::outbox
