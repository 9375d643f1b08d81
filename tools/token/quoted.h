// Token-supplied text quoted for a verdict's detail: escaped like a JSON
// string and cut short, so a hostile claim cannot forge log lines or flood
// a terminal.
#pragma once

#include <string>
#include <string_view>

namespace evt::token {

// "\"value\"" with quotes, backslashes and control bytes escaped; values
// over 64 bytes are cut and end in "...".
std::string Quoted(std::string_view text);

// A number of seconds in its shortest exact spelling: 30, 0.5, 1e+300.
std::string Seconds(double seconds);

}  // namespace evt::token
