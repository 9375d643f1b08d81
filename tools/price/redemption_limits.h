// Usage limits against the redemption store: redeeming an order (its check
// and its insert in one transaction, idempotent per order id), merging
// another kiosk's redemptions, and finding the over-redemptions that
// happened while kiosks were apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tools/price/engine.h"
#include "tools/price/promotion.h"
#include "tools/price/redemption_store.h"

namespace evt::price {

using LimitsById = std::unordered_map<std::string, UsageLimit>;
// The limits of the promotions that have one.
LimitsById LimitsOf(const std::vector<Promotion>& promotions);

// A limit an order would take (or took) a promotion past.
struct LimitBreach {
  std::string promotion;
  std::string scope;     // "total" or "per_customer"
  std::int64_t limit = 0;
  std::int64_t used = 0;  // orders that used it before this one
};

enum class RedeemResult { kRedeemed, kReplayed, kRefused, kConflict };
std::string_view RedeemResultName(RedeemResult result);

struct RedeemOutcome {
  RedeemResult result = RedeemResult::kRedeemed;
  std::vector<LimitBreach> breaches;  // kRefused: why
  std::optional<Redemption> stored;   // kConflict: what the order id holds
};

// Records `r` unless its order is already in the set as it is (kReplayed:
// nothing changes), the order id holds another redemption (kConflict: a
// reused id is a different sale, which must neither count as this one nor
// pass unseen; nothing changes) or one of its promotions is at its limit
// (kRefused: nothing changes). Check and insert are one write transaction, so two redeems on
// one kiosk cannot both take the last use.
Result<RedeemOutcome> Redeem(RedemptionStore& store, const Redemption& r, const LimitsById& limits);

// Two different redemptions under one order id.
struct RedemptionConflict {
  Redemption here;      // what the set held before the merge
  Redemption incoming;  // what the merge brought
};

struct MergeCounts {
  std::int64_t added = 0;      // orders new to this kiosk
  std::int64_t replaced = 0;   // a conflict resolved to the incoming (preferred) version
  std::int64_t unchanged = 0;  // already here as it is
  std::vector<RedemptionConflict> conflicts;    // every reused order id, replaced or not
  std::vector<std::string> promotions_touched;  // used by an added or replaced order
};

// Unions `incoming` into the set in one transaction. The set after a merge
// does not depend on the order of merges (see PreferredVersion).
Result<MergeCounts> Merge(RedemptionStore& store, const std::vector<Redemption>& incoming);

// One batch of a merge that streams (doc/design.md §3.8: a merge's memory does not
// grow with its input): unions `batch` into the set and adds what happened
// to `counts`, whose promotions_touched stays sorted and unique, so it holds
// at most every promotion once however many batches.
// REQUIRES: store.BeginWrite() is open for the whole merge.
Status MergeBatch(RedemptionStore& store, const std::vector<Redemption>& batch, MergeCounts& counts);

struct OverRedemption {
  std::string promotion;
  std::string scope;     // "total" or "per_customer"
  std::string customer;  // per_customer only
  std::int64_t limit = 0;
  std::vector<Redemption> orders;  // every order counted, oldest first
  std::size_t over_from = 0;       // orders[over_from..] are past the limit
};

// How far the set is past `p`'s limits, from its use counts alone (no
// order is read): the orders that used it, the limits it is past (its
// total, and each named customer's) and the orders past them.
struct LimitOverrun {
  std::int64_t used = 0;
  std::int64_t limits = 0;
  std::int64_t orders = 0;
};
Result<LimitOverrun> OverrunOf(RedemptionStore& store, const Promotion& p);

// Every limit the set holds more orders for than allowed, by promotion in
// `promotions` order, then customer. The same set gives the same answer
// on every kiosk.
Result<std::vector<OverRedemption>> FindOverRedemptions(RedemptionStore& store,
                                                        const std::vector<Promotion>& promotions);

Value OverRedemptionRecord(const OverRedemption& o, TimePoint ts);

// UsageLimits for the engine: a store lookup only for promotions with a
// limit. Exhausted cannot fail, so a store error is kept for the caller to
// check after each cart.
class StoreUsageLimits final : public UsageLimits {
 public:
  explicit StoreUsageLimits(RedemptionStore& store) : store_(store) {}
  bool Exhausted(const Promotion& promotion, const Cart& cart) const override;
  const Status& error() const { return error_; }

 private:
  RedemptionStore& store_;
  mutable Status error_;
};

}  // namespace evt::price
