// A kiosk's redemptions as a grow-only set (common/grow_only_set.h), keyed
// by order id in the table redemptions, with each order's promotions in
// uses. Two different sales under one order id are a conflict the set
// settles by PreferredVersion, so every kiosk keeps the same one.
// Redemptions carry no clock of their own: no drift bound, no quarantine.
#pragma once

#include <string_view>
#include <vector>

#include "common/grow_only_set.h"
#include "common/store.h"
#include "tools/price/redemption.h"

namespace evt::price {

const std::vector<Migration>& PriceMigrations();

struct RedemptionSetSchema {
  using Element = Redemption;
  static constexpr GsetConflictRule kOnConflict = GsetConflictRule::kKeepPreferred;
  static const GsetTable& Table();
  static std::string_view Id(const Redemption& r) { return r.order; }
  static Value Content(const Redemption& r) { return RedemptionContent(r); }
  static Result<Redemption> Read(StatementCache& db, const Statement& row);
  static Status Insert(StatementCache& db, const Redemption& r);
  static bool Preferred(const Redemption& a, const Redemption& b) { return PreferredVersion(a, b); }
};

using RedemptionSet = GrowOnlySet<RedemptionSetSchema>;

}  // namespace evt::price
