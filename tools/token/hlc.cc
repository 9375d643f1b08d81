#include "tools/token/hlc.h"

#include <algorithm>

namespace evt::token {

std::optional<Hlc> HlcTick(Hlc last, std::int64_t now_ms) {
  if (now_ms > last.wall) return Hlc{now_ms, 0};
  if (last.logical < kMaxHlcPart) return Hlc{last.wall, last.logical + 1};
  if (last.wall < kMaxHlcPart) return Hlc{last.wall + 1, 0};
  return std::nullopt;
}

Hlc HlcObserve(Hlc last, Hlc remote) { return std::max(last, remote); }

}  // namespace evt::token
