#include "tools/failover/health_counter.h"

#include <algorithm>

namespace evt::failover {

bool HealthCounter::Record(bool success) {
  const bool was_up = up();
  if (success) {
    if (health_ < top()) {
      ++health_;
      if (health_ >= rise_) health_ = top();
    }
  } else if (health_ > rise_) {
    --health_;
  } else {
    health_ = 0;
  }
  return up() != was_up;
}

void HealthCounter::Restore(int health) { health_ = std::clamp(health, 0, top()); }

}  // namespace evt::failover
