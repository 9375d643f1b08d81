// Redirects are followed by SourceFetcher, not by libcurl: libcurl strips
// only Authorization and Cookie on a cross-host redirect, so an API key in
// its own header, or a login's body, would reach whatever host a device
// (or whoever answers for it) names in its Location.
#pragma once

#include <string>

#include "common/status.h"

namespace evt::scrape {

// At most this many redirects per request, as libcurl's old MAXREDIRS.
constexpr int kMaxRedirects = 5;

bool IsRedirect(long status);

// `ref` (a Location, or a next page's link; absolute or relative) resolved
// against `base`. DataErr when it is not a URL, or not http or https: a
// redirect or a page link never reaches a file or another protocol.
Result<std::string> ResolveHttpUrl(const std::string& base, const std::string& ref);

// Whether both URLs have the same scheme, host and port (the default port
// of the scheme when none is given), which is where credentials may go.
bool SameOrigin(const std::string& a, const std::string& b);

}  // namespace evt::scrape
