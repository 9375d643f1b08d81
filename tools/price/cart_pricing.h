// The work of pricing one cart: PriceEngine::Price's implementation, one
// object per cart, so each step of the rules is a short method.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "tools/price/discount_kinds.h"
#include "tools/price/engine.h"

namespace evt::price {

class CartPricing {
 public:
  // Writes into `quote`, whatever it held before.
  CartPricing(const PriceEngine& engine, const Cart& cart, TimePoint at, const PriceOptions& options, Quote& quote);
  Status Run();

 private:
  // A cart line in canonical (sku, qty) order.
  struct WorkLine {
    std::size_t input = 0;  // index in the cart's lines
    std::uint32_t item = 0;
    std::int64_t qty = 0;
    Money remaining = 0;
  };
  struct Evaluation {
    std::vector<std::size_t> positions;  // target lines, canonical positions
    Proposal proposal;
  };

  void Reset();
  Status ResolveLines();
  void IndexTargets();
  std::vector<std::uint32_t> Candidates() const;
  void RejectUnknownCodes();
  void Consider(std::uint32_t p);
  bool SkippedByPlan(std::uint32_t p) const {
    return options_.plan && engine_.promotions_[p].exclusive && options_.plan->skip[p];
  }
  void ResolveGroup(std::uint32_t group);
  std::vector<std::size_t> TargetPositions(std::uint32_t p) const;
  // The proposal, or the reason it cannot apply.
  Evaluation Evaluate(std::uint32_t p, std::vector<std::size_t> positions) const;
  // A lua promotion's proposal: its rule run on the target lines.
  Proposal RunRule(std::uint32_t p, const std::vector<std::size_t>& positions,
                   const std::vector<TargetLine>& targets) const;
  std::optional<RejectReason> CheckConditions(const Promotion& promo, const std::vector<std::size_t>& positions) const;
  // Consumes evaluation.proposal (capping it in place).
  void Apply(std::uint32_t p, Evaluation& evaluation);
  void Reject(std::uint32_t p, RejectReason reason);
  Status AddUpTotals();

  const PriceEngine& engine_;
  const Cart& cart_;
  TimePoint at_;
  const PriceOptions& options_;
  std::vector<WorkLine> lines_;
  // (promotion, canonical position) for every line a promotion with a
  // target touches, sorted: a promotion's target lines are one range.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> targeted_;
  std::vector<bool> decided_;  // per promotion: applied or rejected already
  bool stopped_ = false;       // an exclusive promotion applied
  Quote& quote_;
};

}  // namespace evt::price
