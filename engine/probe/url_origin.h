// The origin of a URL, as libcurl sees it: what a redirect is checked
// against (curl_transfer.cc) and what a flow's captured values may not
// change (engine/flow/flow_url.h).
#pragma once

#include <optional>
#include <string>

namespace evt::probe {

// "scheme://[user[:password]@]host:port" of an absolute URL as libcurl
// parses it (the parser that will send the request), the port explicit;
// nullopt when it does not parse or names no host.
std::optional<std::string> UrlOrigin(const std::string& url);

}  // namespace evt::probe
