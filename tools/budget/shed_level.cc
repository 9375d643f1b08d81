#include "tools/budget/shed_level.h"

namespace evt::budget {

bool IsShed(Tier tier, int level) {
  switch (tier) {
    case Tier::kNonEssential: return level >= 1;
    case Tier::kDegraded: return level >= 2;
    case Tier::kCritical: return false;
  }
  return false;
}

std::vector<Tier> ShedTiers(int level) {
  std::vector<Tier> out;
  if (level >= 1) out.push_back(Tier::kNonEssential);
  if (level >= 2) out.push_back(Tier::kDegraded);
  return out;
}

}  // namespace evt::budget
