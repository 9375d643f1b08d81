// The stream's fast path: a plain cart read straight from its JSON line,
// without building a Value. Plain means printable-ASCII strings without
// escapes, whole-number quantities, and only the cart's own keys (no
// "kind", "v" or "ts"), each once: what a till writes. Anything else is
// declined, and read the usual way (JsonlReader + ParseCart), which then
// explains any error; a line read here gives the Cart that way gives.
#pragma once

#include <string_view>

#include "tools/price/cart.h"

namespace evt::price {

// True when `line` (one JSON Lines record) is a plain cart, read into
// `cart`; false for anything else, with `cart` unspecified.
bool ReadPlainCartLine(std::string_view line, Cart& cart);

}  // namespace evt::price
