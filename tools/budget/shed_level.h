// The governor's levels: what is shed at each. Critical is never shed.
#pragma once

#include <string_view>
#include <vector>

#include "tools/budget/budget_config.h"

namespace evt::budget {

inline constexpr int kMaxShedLevel = 2;  // 0 nothing, 1 non-essential, 2 and degraded

// Whether `tier` is shed at `level`.
bool IsShed(Tier tier, int level);
// The tiers shed at `level`, in shed order.
std::vector<Tier> ShedTiers(int level);

}  // namespace evt::budget
