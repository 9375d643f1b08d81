// Case folding for protocol text that is ASCII by definition (host names,
// header names, DNS names): never locale-dependent, never touching bytes
// above 0x7F.
#pragma once

#include <string>
#include <string_view>

namespace evt {

std::string AsciiLowercase(std::string_view text);

}  // namespace evt
