#include "tools/failover/recent_latency.h"

#include <algorithm>

namespace evt::failover {

void RecentLatencies::Note(const FailoverSpec& spec, std::string_view target, double total_ms) {
  for (const PathSpec& path : spec.paths) {
    if (std::find(path.targets.begin(), path.targets.end(), target) == path.targets.end()) continue;
    std::vector<double>& recent = by_path_[path.name];
    recent.push_back(total_ms);
    if (recent.size() > kRecentLatencies) recent.erase(recent.begin(), recent.end() - kRecentLatencies);
  }
}

void RecentLatencies::Restore(LatenciesByPath saved) {
  for (auto& [path, recent] : saved) {
    if (recent.size() > kRecentLatencies) recent.erase(recent.begin(), recent.end() - kRecentLatencies);
  }
  by_path_ = std::move(saved);
}

}  // namespace evt::failover
