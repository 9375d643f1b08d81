// Reading the promotions file:
//   {"promotions": [{"id": "tee25", "kind": "percent_off", "percent": 25,
//                    "target": {"tags": ["apparel"]}, "priority": 10}, ...]}
// Every field of every kind is in evt-price(1). Strict: unknown keys, a
// field another kind uses, duplicate ids and impossible values are DataErr
// naming the file and the JSON pointer.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/price/promotion.h"

namespace evt::price {

// `default_zone` is the zone for recurring windows without "timezone" (the
// site's), an IANA name.
Result<std::vector<Promotion>> ParsePromotions(const Value& document, const std::string& source,
                                               const std::string& default_zone);
// One promotion: `value` at `pointer` ("/promotions/3") of `source`. The
// lint reads promotions one by one so one bad promotion hides no other.
Result<Promotion> ParsePromotion(const Value& value, const std::string& source, const std::string& pointer,
                                 const std::string& default_zone);
Result<std::vector<Promotion>> LoadPromotions(const std::string& path, const std::string& default_zone);

}  // namespace evt::price
