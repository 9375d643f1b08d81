// The checks that decide whether a promotion may apply to a cart at all,
// before any amount is computed: validity in time, code, segments.
#pragma once

#include <optional>

#include "common/time_format.h"
#include "tools/price/cart.h"
#include "tools/price/promotion.h"
#include "tools/price/quote.h"

namespace evt::price {

// Within from (inclusive) .. until (exclusive), and within one of the
// weekly windows when there are any.
bool IsActive(const Promotion& promotion, TimePoint at);

bool HasCode(const Cart& cart, const std::string& code);

// not_active, code_missing or segment_mismatch, in that order; nullopt when
// the promotion may apply.
std::optional<RejectReason> CheckEligibility(const Promotion& promotion, const Cart& cart, TimePoint at);
// CheckEligibility's code_missing and segment_mismatch, for a promotion
// already known to be active.
std::optional<RejectReason> CheckCodeAndSegments(const Promotion& promotion, const Cart& cart);

}  // namespace evt::price
