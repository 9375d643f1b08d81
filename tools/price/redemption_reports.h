// What the commands that merge redemptions (`redemptions merge`, `redemptions
// sync`) and the one that reports them (`redemptions over`) tell: the
// over-redemptions, and the conflicts two sales under one order id are.
#pragma once

#include <string>
#include <vector>

#include "common/json_writer.h"
#include "common/status.h"
#include "tools/price/cli.h"
#include "tools/price/promotion.h"
#include "tools/price/redemption_limits.h"

namespace evt::price {

// The promotions of the config (or --promotions), whose limits the set is
// held to.
Result<std::vector<Promotion>> LimitedPromotions(const Options& options);

// A warning per conflict: two sales under one order id. Every kiosk keeps
// the same one (so they converge), but the other is a sale too, and a
// person decides what it was.
void WarnConflicts(const std::vector<RedemptionConflict>& conflicts);

// An over_redemption record per entry of `found`, flushed.
Status WriteOverRedemptions(const std::vector<OverRedemption>& found, RecordWriter& writer);

// The over-redemptions of `promotions` (sorted): what a merge that touched
// them revealed.
std::vector<OverRedemption> OfPromotions(std::vector<OverRedemption> over, const std::vector<std::string>& promotions);

}  // namespace evt::price
