// A cart to price, one per JSON Lines record on stdin:
//   {"id": "c-17", "customer": "u-5", "segments": ["staff"], "codes": ["SUMMER"],
//    "at": "2026-12-05T19:30:00+01:00", "lines": [{"sku": "TEE-BLK-M", "qty": 2}]}
// "kind": "cart", "v" and "ts" may be present (a cart written as an evt
// record); any other key is an error: a mistyped "codes" must not silently
// cost the customer a discount.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::price {

struct CartLine {
  std::string sku;
  std::int64_t qty = 0;  // >= 1
};

struct Cart {
  std::string id;
  std::string customer;
  std::vector<std::string> segments;
  std::vector<std::string> codes;
  std::optional<TimePoint> at;  // decides validity windows; absent: now
  std::vector<CartLine> lines;
};

// The keys of a cart record, declared once for both of its readers:
// ParseCart below and the stream's ReadPlainCartLine (cart_line.h). Each
// switches over CartKey without a default, so a key added here does not
// compile (-Wswitch) until both read it. ParseCart checks the keys in this
// order, which is the order of its messages.
enum class CartKey : unsigned { kId, kKind, kV, kTs, kCustomer, kSegments, kCodes, kAt, kLines };
inline constexpr std::string_view kCartKeyNames[] = {"id",       "kind",  "v",  "ts",   "customer",
                                                     "segments", "codes", "at", "lines"};
// The key `name` is, or nullopt for one a cart does not have. Inline: the
// line fast path asks for every member, and unrolled over the constant
// table the compares are a few instructions each.
inline std::optional<CartKey> CartKeyNamed(std::string_view name) {
  for (std::size_t k = 0; k < std::size(kCartKeyNames); ++k) {
    if (kCartKeyNames[k] == name) return static_cast<CartKey>(k);
  }
  return std::nullopt;
}
inline std::string_view NameOf(CartKey key) { return kCartKeyNames[static_cast<std::size_t>(key)]; }

// Reads one cart. Errors are DataErr naming the cart and the field:
//   cart "c-17": /lines/2/qty: expected a whole number >= 1, got 0
// (the caller prefixes the input's name and line).
Result<Cart> ParseCart(const Value& record);
// The same into `cart` (the stream's loop). On error `cart` is unspecified.
Status ParseCart(const Value& record, Cart& cart);

// `cart "c-17": `, the prefix of every message about this cart.
std::string CartPrefix(const std::string& id);

}  // namespace evt::price
