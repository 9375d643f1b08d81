// `--strategy best`: the lowest total among the combinations of the choices
// priority order makes by itself, never worse than priority order.
//
// The choices: which exclusive promotion is the one that applies (an
// applied exclusive stops every promotion after it, so the combinations of
// E exclusives are only E + 1: "the first one that applies is the k-th",
// or none), and which member of each group applies. With the exclusives
// and groups that touch a cart, that is N = (E + 1) * product of the group
// sizes combinations, each priced like one priority-order pass: O(P * L
// log L) for P promotions touching the cart and L lines.
//
// Bound: at most `budget` passes per cart (kBestDealBudget). When N fits,
// every combination is priced (exhaustive); otherwise a local search starts
// from priority order's choices and changes one choice at a time while that
// lowers the total, until no change helps or the budget is spent. Priority
// order is always the first pass, so the result is never worse.
#pragma once

#include <cstddef>

#include "tools/price/engine.h"

namespace evt::price {

// A priority-order pass of a 20-line cart against 500 promotions takes 10
// to 20 us on a loaded 2-core box (tests/bench/price_throughput.sh), so 32
// passes keep a cart under a millisecond, whatever the size of the file:
// only the promotions that touch the cart are choices.
inline constexpr std::size_t kBestDealBudget = 32;

// Reused from cart to cart.
struct BestDealScratch {
  DealPlan plan;
  Quote candidate;
};

// Prices `cart` like PriceEngine::Price, choosing the cheapest combination;
// quote.search says how many were priced. REQUIRES: options.plan is null,
// budget >= 1.
Status PriceBest(const PriceEngine& engine, const Cart& cart, TimePoint now, const PriceOptions& options,
                 std::size_t budget, BestDealScratch& scratch, Quote& quote);

}  // namespace evt::price
