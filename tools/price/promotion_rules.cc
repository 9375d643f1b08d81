#include "tools/price/promotion_rules.h"

#include <algorithm>

namespace evt::price {

bool IsActive(const Promotion& promotion, TimePoint at) {
  if (promotion.from && at < *promotion.from) return false;
  if (promotion.until && at >= *promotion.until) return false;
  if (promotion.windows.empty()) return true;
  return std::any_of(promotion.windows.begin(), promotion.windows.end(),
                     [&](const WeeklyWindow& w) { return IsOpen(w, *promotion.zone, at); });
}

bool HasCode(const Cart& cart, const std::string& code) {
  return std::find(cart.codes.begin(), cart.codes.end(), code) != cart.codes.end();
}

namespace {

bool SharesSegment(const Promotion& promotion, const Cart& cart) {
  return std::any_of(promotion.segments.begin(), promotion.segments.end(), [&](const std::string& s) {
    return std::find(cart.segments.begin(), cart.segments.end(), s) != cart.segments.end();
  });
}

}  // namespace

std::optional<RejectReason> CheckEligibility(const Promotion& promotion, const Cart& cart, TimePoint at) {
  if (!IsActive(promotion, at)) return RejectReason::kNotActive;
  return CheckCodeAndSegments(promotion, cart);
}

std::optional<RejectReason> CheckCodeAndSegments(const Promotion& promotion, const Cart& cart) {
  if (!promotion.code.empty() && !HasCode(cart, promotion.code)) return RejectReason::kCodeMissing;
  if (!promotion.segments.empty() && !SharesSegment(promotion, cart)) return RejectReason::kSegmentMismatch;
  return std::nullopt;
}

}  // namespace evt::price
