// How long a rotated-out key keeps verifying: until every token it signed
// has expired, plus the leeway verifiers allow (OIDC Core §10.1.1).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "common/time_format.h"

namespace evt::token {

// The later of: now + ttl (the longest lifetime the config gives tokens),
// the latest "exp" the key was noted to have signed, and now + grace; plus
// leeway. REQUIRES: ttl, leeway and grace >= 0.
TimePoint PreviousKeyVerifyUntil(TimePoint now, std::chrono::seconds ttl, std::chrono::seconds leeway,
                                 std::optional<std::int64_t> last_exp, std::optional<std::chrono::seconds> grace);

}  // namespace evt::token
