// A cart to price, one per JSON Lines record on stdin:
//   {"id": "c-17", "customer": "u-5", "segments": ["staff"], "codes": ["SUMMER"],
//    "at": "2026-12-05T19:30:00+01:00", "lines": [{"sku": "TEE-BLK-M", "qty": 2}]}
// "kind": "cart", "v" and "ts" may be present (a cart written as an evt
// record); any other key is an error: a mistyped "codes" must not silently
// cost the customer a discount.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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

// Reads one cart. Errors are DataErr naming the cart and the field:
//   cart "c-17": /lines/2/qty: expected a whole number >= 1, got 0
// (the caller prefixes the input's name and line).
Result<Cart> ParseCart(const Value& record);
// The same into `cart`, reusing its storage: the stream's hot loop. A plain
// well-formed cart is read directly; anything else goes the way above, so
// the result and every message are the same. On error `cart` is unspecified.
Status ParseCart(const Value& record, Cart& cart);

// `cart "c-17": `, the prefix of every message about this cart.
std::string CartPrefix(const std::string& id);

}  // namespace evt::price
