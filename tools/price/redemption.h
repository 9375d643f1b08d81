// One order's use of promotions, as the redemption store keeps it and as
// kiosks exchange it (`redemption` records, see evt(7)):
//   {"kind":"redemption","v":1,"ts":…,"order":"k1-0042","customer":"u-5",
//    "kiosk":"k1","at":"2026-12-05T19:30:00.000Z","promotions":["save5"]}
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::price {

struct Redemption {
  std::string order;     // unique across kiosks: the quote's cart id
  std::string customer;  // empty: anonymous
  std::string kiosk;     // where it was redeemed
  TimePoint at;          // when the order was priced: orders past a limit are the latest ones
  std::vector<std::string> promotions;  // sorted, unique

  friend bool operator==(const Redemption&, const Redemption&) = default;
};

// Two versions of the same order (ids reused by mistake): the one every
// kiosk keeps is the smaller by (at, kiosk, customer, promotions), so the
// merge is commutative, associative and idempotent whatever arrives first.
// Keeping one never hides the other: the merge reports it as a conflict.
// Which versions are the same is the set's rule (common/grow_only_set.h):
// the same canonical JSON of RedemptionContent.
bool PreferredVersion(const Redemption& a, const Redemption& b);

// Reads a `redemption` record; DataErr naming the field.
Result<Redemption> ParseRedemption(const Value& record);
Value RedemptionRecord(const Redemption& r, TimePoint ts);
// The record's content: order, customer, kiosk, at, promotions.
Value RedemptionContent(const Redemption& r);

// The order a `quote` record describes, redeemed at `kiosk`: its cart id as
// the order id, its customer and time, the promotions it applied. Other
// fields of the quote are not needed. DataErr naming the field.
Result<Redemption> RedemptionOfQuote(const Value& quote, const std::string& kiosk);

}  // namespace evt::price
