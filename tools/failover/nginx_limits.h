// Reduced service mode on nginx: the file of per-class request limits the
// site's http block includes (doc/design.md §16). nginx open source has no
// runtime API, so the limits are configuration, tested and reloaded.
//
// The site's config classifies requests and includes the file once:
//   http {
//     map $uri $evt_class { ~^/reads/ reads; ~^/stream/ stream; default ""; }
//     include /etc/nginx/evt/limits.conf;
//     server { if ($evt_deny) { return 429; } ... }
//   }
// A limited class gets its own limit_req zone keyed by the class (one
// bucket for the whole class), denied classes make $evt_deny "1". Classes
// not named (payments, gates) have an empty key, which limit_req does not
// count, so they are untouched. Denial needs the `if` in the server block:
// `return` is not allowed at http level, and limit_req always lets a
// class's first request through. limit_req runs after the rewrite phase,
// so it limits what a location proxies or serves, not what a `return` in
// a location answers first.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "tools/failover/steering_driver.h"

namespace evt::failover {

// nginx's rate for `rate_per_second`: "20r/s" when it is whole, else per
// minute ("30r/m" for 0.5), rounded to the nearest whole request and at
// least 1r/m.
std::string NginxRate(double rate_per_second);

// The whole file: for `limits` empty, the normal-mode file (only $evt_deny,
// always "0"), which the site installs once so its `if` has a variable.
// Usage error for a class named twice, a rate not above 0 without deny, or
// a burst below 0.
Result<std::string> RenderNginxLimits(const std::vector<ClassLimit>& limits);

}  // namespace evt::failover
