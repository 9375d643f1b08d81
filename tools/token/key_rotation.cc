#include "tools/token/key_rotation.h"

#include <algorithm>

namespace evt::token {

TimePoint PreviousKeyVerifyUntil(TimePoint now, std::chrono::seconds ttl, std::chrono::seconds leeway,
                                 std::optional<std::int64_t> last_exp, std::optional<std::chrono::seconds> grace) {
  TimePoint until = now + ttl;
  // exp values beyond year 9999 are clamped there: such a key stays.
  constexpr std::int64_t kMaxSeconds = 253402300799;
  if (last_exp) {
    std::int64_t exp = std::clamp<std::int64_t>(*last_exp, 0, kMaxSeconds);
    until = std::max(until, TimePoint(std::chrono::seconds(exp)));
  }
  if (grace) until = std::max(until, now + *grace);
  return until + leeway;
}

}  // namespace evt::token
