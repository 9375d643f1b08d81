// The `order` record (schemas/records/order.json): a redeemed quote as the
// sale the shop must receive, written by `evt-price redeem --order` and
// queued by `evt-outbox put orders`:
//   {"kind":"order","v":1,"ts":…,"id":"k1-0042","kiosk":"k1","customer":"u-5",
//    "at":…,"currency":"EUR","tax_mode":"inclusive","lines":[…],"subtotal":3049,
//    "discount":500,"tax":407,"total":2549,"taxes":[…],"applied":[…],
//    "payment":{"state":"paid","ref":"pos-77"}}
// Everything but the envelope follows from the quote and the redemption, so
// redeeming the same quote again writes the same content: the outbox stores
// it once (doc/design.md §3.8).
#pragma once

#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"
#include "tools/price/redemption.h"

namespace evt::price {

// The order `quote` became when `redemption` (RedemptionOfQuote of the same
// quote) was redeemed or replayed: the quote's priced parts (currency,
// tax_mode, lines, subtotal, discount, tax, total, taxes, applied; its
// rejected promotions and search are not part of the sale) and its payment.
// A quote carries no payment of its own; the till adds
// "payment": {"state": "pending"|"authorized"|"paid", "ref": "…"} to it, and
// a quote without one is an order whose payment is pending. DataErr naming
// the quote and the field.
Result<Value> OrderRecord(const Value& quote, const Redemption& redemption, TimePoint ts);

}  // namespace evt::price
