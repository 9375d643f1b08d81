// Input as it appears in error messages and verdicts: quoted and escaped
// like a JSON string, and cut when long, so a hostile or garbage value can
// neither forge a log line nor flood a terminal.
#pragma once

#include <string>
#include <string_view>

namespace evt {

// "\"value\"" with quotes, backslashes and control bytes (\u00XX) escaped;
// text over 64 bytes is cut before the character that crosses the limit,
// so valid UTF-8 stays valid, and ends in "...".
std::string QuotedForMessage(std::string_view text);

}  // namespace evt
