// What one promotion would take off its target lines, kind by kind, on the
// amounts the promotions before it left. Pure arithmetic on integers; the
// engine decides whether it applies.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tools/price/money.h"
#include "tools/price/promotion.h"
#include "tools/price/quote.h"

namespace evt::price {

// One target line, in canonical (sku, qty) order.
struct TargetLine {
  Money remaining = 0;      // what is left of the line after earlier promotions
  std::int64_t qty = 0;
  std::uint32_t component = 0;  // bundles: which component the line counts for
};

struct Proposal {
  std::vector<Money> amounts;       // per target line; each <= its remaining
  std::vector<std::int64_t> units;  // units touched per target line
  Money total = 0;
  std::optional<RejectReason> reason;  // set when nothing can apply
};

// REQUIRES: lines non-empty; sum of remaining and of qty fit int64.
Proposal ComputeDiscount(const Promotion& promotion, const std::vector<TargetLine>& lines);
// The same into `out`, whatever it held, reusing its storage.
void ComputeDiscount(const Promotion& promotion, const std::vector<TargetLine>& lines, Proposal& out);

// `total` (at most what is left) spread over the lines in proportion to
// their amounts: cart_amount_off, and the amount a lua rule returns.
Proposal SpreadAmount(Money total, const std::vector<TargetLine>& lines);

// Cuts a proposal down to `cap` (allocated over the lines in proportion to
// their amounts). REQUIRES: proposal.total > cap >= 0.
void CapProposal(Proposal& proposal, Money cap);

}  // namespace evt::price
