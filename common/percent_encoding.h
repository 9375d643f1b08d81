// Percent-encoding (RFC 3986 section 2.1) of a value placed in a URL or an
// application/x-www-form-urlencoded body, so that it stays one value: no
// "&", "=", "/" or "#" of its own can add a parameter or a segment.
#pragma once

#include <string>
#include <string_view>

namespace evt {

// RFC 3986's unreserved characters: ASCII letters and digits, "-._~".
bool IsUnreservedUrlCharacter(char c);

// `value` with every byte but the unreserved characters and those in
// `also_literal` written %XX (upper-case hex, as RFC 3986 recommends).
std::string PercentEncoded(std::string_view value, std::string_view also_literal = "");

}  // namespace evt
