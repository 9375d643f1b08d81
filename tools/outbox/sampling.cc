#include "tools/outbox/sampling.h"

#include <openssl/sha.h>

#include <array>
#include <cmath>

namespace evt::outbox {
namespace {

constexpr int kServerErrorStatus = 500;

}  // namespace

Result<SamplingSpec> ReadSamplingSpec(const ConfigObject& o) {
  SamplingSpec spec;
  EVT_ASSIGN_OR_RETURN(spec.keep, o.Ratio("keep", spec.keep));
  if (o.Has("slow_ms")) {
    EVT_ASSIGN_OR_RETURN(double slow, o.Number("slow_ms"));
    if (!(slow >= 0)) return o.Error("slow_ms", "expected a number of milliseconds of at least 0");
    spec.slow_ms = slow;
  }
  EVT_ASSIGN_OR_RETURN(spec.keep_failures, o.Bool("keep_failures", spec.keep_failures));
  return spec;
}

bool IsFailure(const Value& record) {
  const Value* ok = record.find("ok");
  if (ok != nullptr && ok->is_bool() && !ok->as_bool()) return true;
  const Value* status = record.find("status");
  if (status != nullptr && status->is_number() && status->as_double() >= kServerErrorStatus) return true;
  const Value* error = record.find("error");
  return error != nullptr && !error->is_null() && !(error->is_bool() && !error->as_bool());
}

std::optional<double> LatencyMsOf(const Value& record) {
  for (const char* name : {"latency_ms", "duration_ms", "total_ms"}) {
    const Value* v = record.find(name);
    if (v != nullptr && v->is_number()) return v->as_double();
  }
  return std::nullopt;
}

double IdShare(std::string_view id) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(id.data()), id.size(), digest.data());
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | digest[static_cast<std::size_t>(i)];
  return std::ldexp(static_cast<double>(bits >> 11), -53);  // 53 bits: exact in a double, below 1
}

bool Keeps(const SamplingSpec& spec, const Value& record, std::string_view id) {
  if (spec.keep_failures && IsFailure(record)) return true;
  if (spec.slow_ms) {
    std::optional<double> latency = LatencyMsOf(record);
    if (latency && *latency >= *spec.slow_ms) return true;
  }
  return IdShare(id) < spec.keep;
}

}  // namespace evt::outbox
