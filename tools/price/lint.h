// `evt-price check`: the mistakes a promotions file edited at midnight
// carries, found before a cart meets them. Each finding names the file and
// the JSON pointer of what is wrong.
//
// Kinds (evt-price(1) lists them):
//   bad_price          an item's price is not an integer amount >= 0
//   bad_rate           a tax rate is not a number from 0 to 1 (9 decimals)
//   invalid_promotion  a promotion the engine would refuse (the message says
//   why) unknown_sku        a target names a sku the catalog does not carry
//   unknown_tag        a target names a tag no catalog item has
//   expired            "until" is already past
//   never_active       "from".."until" holds no moment of its weekly windows
//   duplicate_code     two promotions share a code
//   shadowed           an exclusive promotion applying before it always
//                      applies to every cart it could touch
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::price {

struct Finding {
  std::string kind;
  std::string file;
  std::string path;       // JSON pointer into file
  std::string promotion;  // the promotion's id, when the finding is about one
  std::string message;
};

struct LintInput {
  const Value* catalog = nullptr;
  std::string catalog_name;
  const Value* promotions = nullptr;
  std::string promotions_name;
  std::string timezone = "UTC";  // for windows without their own
  TimePoint now;                 // "expired" is relative to it
};

// Findings in file order (catalog first). Fails (DataErr) only when a file
// is not the shape a lint can read at all: not an object, no "items" or
// "promotions" array.
Result<std::vector<Finding>> Lint(const LintInput& input);

}  // namespace evt::price
