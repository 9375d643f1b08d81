// Input as it appears in error messages: quoted, and cut when long, so a
// garbage value cannot flood the terminal.
#pragma once

#include <string>
#include <string_view>

namespace evt {

std::string QuotedForMessage(std::string_view text);

}  // namespace evt
