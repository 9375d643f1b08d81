// A kiosk's redemptions as the hub sees them (common/hub/hub_set.h,
// doc/design.md §18). A hub row holds the record `redemptions export`
// writes for an order, without "ts" and "seq" (only true on one box), in
// canonical JSON. What is pulled takes `redemptions merge`'s path
// (MergeBatch): the same conflict rule, the same counts for the limits.
//
// The hub keeps the first row under an id (INSERT … ON CONFLICT DO
// NOTHING), but this set settles two sales under one order id by
// PreferredVersion, which every kiosk must see both of to agree on. So a
// row's id is the order id and a digest of the sale: two versions of an
// order are two rows, and every kiosk pulls both, as it would merge both
// from files. Redemptions carry no clock: no drift bound, no quarantine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hub/hub_set.h"
#include "tools/price/redemption_limits.h"
#include "tools/price/redemption_store.h"

namespace evt::price {

// The hub row id of `r`: "<order>#<16 hex digits of its sale>".
Result<std::string> RedemptionHubId(const Redemption& r);
// The record a hub row holds for `r`.
Result<std::string> RedemptionHubRecord(const Redemption& r);

class RedemptionHubAdapter final : public hub::HubSetAdapter {
 public:
  static constexpr std::string_view kSetName = "price.redemptions";

  // REQUIRES: store outlives the adapter.
  explicit RedemptionHubAdapter(RedemptionStore& store) : store_(store) {}

  std::string_view SetName() const override { return kSetName; }
  Result<hub::HubExport> ExportSince(std::int64_t since, std::size_t limit) override;
  // One write transaction for the page. A record that is not a redemption
  // record, or whose id is not its row's, is DataErr
  // "price.redemptions: id "…": what", and nothing of the page is merged.
  Result<hub::HubMergeCounts> MergePulled(const std::vector<hub::HubElement>& pulled) override;

  // What the pulls since the last call did: conflicts and the promotions
  // an added or replaced order used (whose limits to look at again).
  MergeCounts TakeMerged();

 private:
  RedemptionStore& store_;
  MergeCounts merged_;
};

}  // namespace evt::price
