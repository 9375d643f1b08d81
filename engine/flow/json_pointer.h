// RFC 6901 JSON pointers into a response body: "/items/0/id", "" for the
// whole document, "~1" for "/" and "~0" for "~" inside a key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"

namespace evt::probe {

// The reference tokens, unescaped; nullopt when `pointer` is not a valid
// pointer (does not start with "/", or a "~" not followed by 0 or 1).
std::optional<std::vector<std::string>> SplitJsonPointer(std::string_view pointer);

// The value at `pointer` in `document`, or nullptr when there is none. An
// array index is decimal digits without a leading zero ("-" never points
// at an element).
const Value* ResolveJsonPointer(const Value& document, std::string_view pointer);

}  // namespace evt::probe
