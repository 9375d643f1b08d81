#include "tools/failover/damping.h"

#include <algorithm>
#include <cmath>

namespace evt::failover {

double Damping::PenaltyAt(TimePoint at) const {
  if (state_.penalty <= 0) return 0;
  const double elapsed_ms = static_cast<double>((at - state_.penalty_at).count());
  const double half_life_ms = static_cast<double>(spec_.half_life.count());
  if (elapsed_ms <= 0 || half_life_ms <= 0) return state_.penalty;
  return state_.penalty * std::exp2(-elapsed_ms / half_life_ms);
}

double Damping::Ceiling() const {
  const double halvings = static_cast<double>(spec_.max_suppress.count()) /
                          static_cast<double>(std::max<std::int64_t>(1, spec_.half_life.count()));
  return spec_.reuse * std::exp2(std::min(halvings, 60.0));
}

TimePoint Damping::ReuseTime() const {
  double ms = 0;
  if (state_.penalty > spec_.reuse && spec_.reuse > 0)
    ms = static_cast<double>(spec_.half_life.count()) * std::log2(state_.penalty / spec_.reuse);
  // Never past max_suppress from now either, which also keeps the cast in range.
  ms = std::min(ms, static_cast<double>(spec_.max_suppress.count()));
  TimePoint at = state_.penalty_at + Duration(static_cast<std::int64_t>(std::ceil(ms)));
  if (state_.suppressed_since) at = std::min(at, *state_.suppressed_since + spec_.max_suppress);
  return at;
}

bool Damping::AddFlap(TimePoint at) {
  state_.penalty = std::min(PenaltyAt(at) + spec_.penalty, Ceiling());
  state_.penalty_at = at;
  if (suppressed()) {
    state_.suppressed_until = ReuseTime();
    return false;
  }
  if (state_.penalty <= spec_.suppress) return false;
  state_.suppressed_since = at;
  state_.suppressed_until = ReuseTime();
  return true;
}

bool Damping::Refresh(TimePoint now) {
  if (!suppressed() || now < *state_.suppressed_until) return false;
  state_.penalty = PenaltyAt(now);
  state_.penalty_at = now;
  state_.suppressed_since.reset();
  state_.suppressed_until.reset();
  return true;
}

}  // namespace evt::failover
