// Response headers as a probe keeps them: names lowercased, in arrival order,
// only those of the last response when redirects were followed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evt::probe {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of the first header named `name` (lowercase), or nullopt.
std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name);
// Every value of `name`, joined with ", " as RFC 9110 allows for list headers.
std::optional<std::string> JoinedHeader(const Headers& headers, std::string_view name);

// One raw header line from libcurl ("Name: value\r\n"): appended to
// `headers`; a status line ("HTTP/1.1 301 ...") starts a new response and
// clears what the previous one left.
void AddHeaderLine(std::string_view line, Headers& headers);

// Splits at `separator` outside double quotes, trimming each part.
std::vector<std::string_view> SplitOutsideQuotes(std::string_view s, char separator);

// Whether a request header line ("Name: value") may follow a redirect to
// another origin (scheme, host or port). Only a short list of harmless
// headers may (Accept, Content-Type, User-Agent...): any other can carry a
// credential (X-API-Key, a session header), whatever its name, and
// Authorization, Cookie and Proxy-Authorization never do. `secret_names`
// (lowercase) are headers the caller knows hold a secret: never kept.
bool KeptAcrossOrigins(std::string_view header_line, const std::vector<std::string>& secret_names);

std::string ToLower(std::string_view s);
std::string_view TrimSpaces(std::string_view s);

}  // namespace evt::probe
