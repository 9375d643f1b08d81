#include "tools/token/hlc.h"

#include <algorithm>

namespace evt::token {

Hlc HlcTick(Hlc last, std::int64_t now_ms) {
  if (now_ms > last.wall) return Hlc{now_ms, 0};
  return Hlc{last.wall, last.logical + 1};
}

Hlc HlcObserve(Hlc last, Hlc remote) { return std::max(last, remote); }

}  // namespace evt::token
