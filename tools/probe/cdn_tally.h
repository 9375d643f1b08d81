// `evt-probe cdn` and cdn targets: the share of a set of static assets
// served from cache, per target.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/value.h"
#include "engine/probe/probe_sink.h"

namespace evt::probe {

struct CdnSummary {
  std::int64_t probes = 0;
  std::int64_t failed = 0;
  std::int64_t hits = 0;  // hit or stale: served from a cache
  double hit_ratio() const { return probes == 0 ? 0 : static_cast<double>(hits) / static_cast<double>(probes); }
};

// Counts the results of the targets it was told are cdn targets.
class CdnTally final : public ProbeSink {
 public:
  void AddTarget(const std::string& target, double min_hit_ratio) { targets_[target].min_hit_ratio = min_hit_ratio; }
  Status OnProbe(const ProbeResult& result) override;
  Status OnWindow(const WindowIdentity&, const WindowSummary&) override { return Status::Ok(); }

  struct Entry {
    double min_hit_ratio = 0.85;
    CdnSummary summary;
  };
  const std::map<std::string, Entry>& targets() const { return targets_; }

 private:
  std::map<std::string, Entry> targets_;
};

// The `probe.cdn` record. ok: no probe failed and the hit ratio is at
// least min_hit_ratio.
Value CdnRecord(const std::string& target, const CdnSummary& summary, double min_hit_ratio, TimePoint ts);
bool CdnOk(const CdnSummary& summary, double min_hit_ratio);

}  // namespace evt::probe
