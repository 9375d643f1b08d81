// What `evt-price status` reports about this kiosk's redemption set: the
// orders committed, per kiosk the orders it redeemed and its newest (how
// far its redemptions have reached this kiosk, by its own or by merges),
// per promotion with a limit its use against the limit, and the
// over-redemptions the set holds after merges (doc/design.md §17).
// Summarised from the set alone, so kiosks holding the same orders agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/price/promotion.h"
#include "tools/price/redemption_limits.h"
#include "tools/price/redemption_store.h"

namespace evt::price {

struct KioskTally {
  std::string kiosk;
  std::int64_t redemptions = 0;
  std::optional<TimePoint> last_at;  // its newest order held here
};

struct PromotionUse {
  std::string promotion;
  std::int64_t used = 0;  // orders that used it, at every kiosk
  std::optional<std::int64_t> limit;               // usage_limit.total
  std::optional<std::int64_t> limit_per_customer;  // usage_limit.per_customer
  std::int64_t over = 0;  // orders past one of its limits
};

struct PriceStatus {
  std::string kiosk;  // this kiosk's name
  std::int64_t redemptions = 0;
  std::vector<KioskTally> kiosks;         // by name; this kiosk included even without orders
  std::vector<PromotionUse> promotions;   // those with a usage limit, in the promotions file's order
  std::int64_t over_redemptions = 0;      // limits the set holds more orders for than allowed
  std::int64_t orders_over = 0;           // the orders past those limits
};

// The status of the set `store` holds, seen from `kiosk` (this kiosk),
// with the use of each promotion in `promotions` that has a limit. Counted
// by SQLite from the set and its use counts, so memory stays flat however
// many orders it holds (reading them whole took 329 MB and 3.4 s at a
// million). Its over-redemptions are those FindOverRedemptions lists.
Result<PriceStatus> SummarizeRedemptionSet(RedemptionStore& store, std::string kiosk,
                                           const std::vector<Promotion>& promotions);

// The price.status record (schemas/records/price.status.json) as of `now`.
Value PriceStatusRecord(const PriceStatus& status, TimePoint now);

// The same for a person: a line of totals, then a table per kiosk and per promotion, fitted to `width`.
std::string PriceStatusText(const PriceStatus& status, TimePoint now, bool color, int width);

}  // namespace evt::price
