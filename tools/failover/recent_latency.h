// Each path's latest answered latencies, oldest first, kept by decide and
// watch in failover.db so `status` can draw them as a sparkline beside the
// path (failover.path's recent_ms; doc/design.md §17). A failed probe adds
// nothing: the path's health says it failed, the line shows how fast it
// answered when it did.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tools/failover/spec.h"

namespace evt::failover {

inline constexpr std::size_t kRecentLatencies = 30;

using LatenciesByPath = std::map<std::string, std::vector<double>>;

class RecentLatencies {
 public:
  // The latency of an answer from `target`, for every path that uses it.
  void Note(const FailoverSpec& spec, std::string_view target, double total_ms);
  void Restore(LatenciesByPath saved);
  const LatenciesByPath& by_path() const { return by_path_; }

 private:
  LatenciesByPath by_path_;
};

}  // namespace evt::failover
