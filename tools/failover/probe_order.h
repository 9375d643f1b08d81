// Which probe records decide applies: a record delivered twice (a retried
// pipe, a replayed file, tee'd streams merged) must not count twice toward
// `fall`, and one older than a result already applied for its target must
// not undo it. Records are the same when target, ts and attempt are, as
// evt-budget counts them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/time_format.h"

namespace evt::failover {

enum class ProbeOrder { kNew, kDuplicate, kStale };

class ProbeOrderFilter {
 public:
  // kStale when `ts` is before the newest ts seen for `target`; kDuplicate
  // when (target, ts, attempt) was seen; else kNew, and it is remembered.
  ProbeOrder Admit(std::string_view target, TimePoint ts, std::optional<std::int64_t> attempt);

 private:
  struct Newest {
    TimePoint ts{};
    std::vector<std::optional<std::int64_t>> attempts;  // seen at ts
  };
  std::unordered_map<std::string, Newest> newest_;
};

}  // namespace evt::failover
