#include "tools/probe/cdn_tally.h"

#include <cmath>

namespace evt::probe {

Status CdnTally::OnProbe(const ProbeResult& result) {
  auto it = targets_.find(result.target);
  if (it == targets_.end()) return Status::Ok();
  CdnSummary& s = it->second.summary;
  ++s.probes;
  if (!result.ok) ++s.failed;
  if (result.ok && (result.cache.status == CacheStatus::kHit || result.cache.status == CacheStatus::kStale)) ++s.hits;
  return Status::Ok();
}

bool CdnOk(const CdnSummary& summary, double min_hit_ratio) {
  return summary.failed == 0 && summary.probes > 0 && summary.hit_ratio() >= min_hit_ratio;
}

Value CdnRecord(const std::string& target, const CdnSummary& summary, double min_hit_ratio, TimePoint ts) {
  return Value::object({{"kind", "probe.cdn"},
                        {"v", 1},
                        {"ts", FormatRfc3339(ts)},
                        {"target", target},
                        {"ok", CdnOk(summary, min_hit_ratio)},
                        {"probes", summary.probes},
                        {"failed", summary.failed},
                        {"hits", summary.hits},
                        {"hit_ratio", std::round(summary.hit_ratio() * 10000.0) / 10000.0},
                        {"min_hit_ratio", min_hit_ratio}});
}

}  // namespace evt::probe
