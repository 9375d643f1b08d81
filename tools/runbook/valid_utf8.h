// Text from a runbook (error messages, tool output) may hold any bytes;
// records hold UTF-8 only.
#pragma once

#include <string>
#include <string_view>

namespace evt::runbook {

// `text` with every byte that does not start or continue a valid UTF-8
// sequence replaced by U+FFFD.
std::string ValidUtf8(std::string_view text);

}  // namespace evt::runbook
