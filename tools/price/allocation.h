// Splitting one amount over several lines so the parts add up to it exactly.
#pragma once

#include <vector>

#include "tools/price/money.h"

namespace evt::price {

// Splits `total` in proportion to `weights` by the largest-remainder method:
// each part is floor(total * w / sum(w)); the cents left over go one each to
// the parts with the largest remainders, a tie to the earlier part. The
// parts sum to `total`, and no part exceeds its weight when total <= sum(w).
// Callers pass the weights in canonical (sku) order, so "earlier" means
// earlier by sku. 300 over {4300, 1400, 2300} is {161, 53, 86}.
// REQUIRES: total >= 0, weights >= 0; if total > 0 some weight is > 0.
std::vector<Money> AllocateLargestRemainder(Money total, const std::vector<Money>& weights);

}  // namespace evt::price
