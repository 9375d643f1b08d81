#include "tools/failover/probe_order.h"

#include <algorithm>

namespace evt::failover {

ProbeOrder ProbeOrderFilter::Admit(std::string_view target, TimePoint ts, std::optional<std::int64_t> attempt) {
  auto [it, first] = newest_.try_emplace(std::string(target));
  Newest& n = it->second;
  if (!first) {
    if (ts < n.ts) return ProbeOrder::kStale;
    if (ts == n.ts) {
      if (std::find(n.attempts.begin(), n.attempts.end(), attempt) != n.attempts.end()) return ProbeOrder::kDuplicate;
      n.attempts.push_back(attempt);
      return ProbeOrder::kNew;
    }
  }
  n.ts = ts;
  n.attempts.assign(1, attempt);
  return ProbeOrder::kNew;
}

}  // namespace evt::failover
