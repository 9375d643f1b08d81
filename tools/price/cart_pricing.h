// The work of pricing one cart: PriceEngine::Price's implementation, one
// object per cart, so each step of the rules is a short method.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "tools/price/discount_kinds.h"
#include "tools/price/engine.h"

namespace evt::price {

// What pricing a cart needs besides the quote, kept from cart to cart (in
// the engine) so a steady stream allocates little.
struct PricingScratch {
  // A cart line in canonical (sku, qty) order.
  struct WorkLine {
    std::size_t input = 0;  // index in the cart's lines
    std::uint32_t item = 0;
    std::int64_t qty = 0;
    Money remaining = 0;
    std::uint32_t rank = 0;  // the item's place in sku order
  };
  struct Evaluation {
    std::span<const std::uint32_t> positions;  // target lines, canonical positions: target_positions' or all_positions
    Proposal proposal;
  };
  std::vector<WorkLine> lines;
  std::vector<WorkLine> sorted_lines;  // where lines are sorted into
  std::vector<std::uint64_t> order;    // per line: its sort key
  // The canonical positions of the lines each promotion with a target
  // touches, grouped by promotion, ascending within: promotion p's are
  // target_count[p] of target_positions from target_begin[p]. Laid out by
  // counting per cart, where sorting (promotion, position) pairs and
  // searching them per promotion was a sixth of a steady stream's time.
  std::vector<std::uint32_t> target_count;  // per promotion; zero but for `targeted`
  std::vector<std::uint32_t> target_begin;  // per promotion in `targeted`
  std::vector<std::uint32_t> target_fill;   // per promotion in `targeted`: where its next position goes
  std::vector<std::uint32_t> target_positions;
  std::vector<std::uint32_t> targeted;      // the promotions touching a line, as first met (Candidates sorts)
  std::vector<std::uint32_t> all_positions;  // 0, 1, 2...: a whole-cart promotion's target lines
  std::vector<bool> decided;           // per promotion: applied or rejected already
  // Per promotion, IsActive at `active_at`: 0 not asked yet, 1 yes, 2 no.
  // The carts of a stream mostly share their "at" (the default one, or a
  // till's batch), and a promotion's windows in its zone cost a time zone
  // conversion each time they are asked.
  std::vector<std::uint8_t> active;
  TimePoint active_at{};
  std::vector<std::uint64_t> hashes;   // per cart line: its sku's SkuIndex::Hash
  std::vector<std::uint32_t> items;    // per cart line: its item, or kNoItem
  std::vector<TaxTotal> by_class;      // per tax class, while adding up
  std::vector<bool> class_present;     // per tax class: a line has it
  std::vector<std::uint32_t> candidates;  // the promotions to consider
  std::vector<std::uint64_t> candidate_bits;  // per promotion, one bit: a candidate
  Evaluation evaluation;                   // the promotion being considered
  Evaluation best;                         // a group's best member so far
  std::vector<TargetLine> targets;         // the evaluated promotion's target lines
  // The lines vectors of the last cart's applied promotions, for the next.
  std::vector<std::vector<TouchedLine>> spare_touched;
  bool in_use = false;                     // a CartPricing has it
};

class CartPricing {
 public:
  // Writes into `quote`, whatever it held before. `scratch` is this
  // object's until it is destroyed.
  CartPricing(const PriceEngine& engine, const Cart& cart, TimePoint at, const PriceOptions& options, Quote& quote,
              PricingScratch& scratch);
  Status Run();

 private:
  using WorkLine = PricingScratch::WorkLine;
  static constexpr std::uint32_t kNoItem = UINT32_MAX;
  using Evaluation = PricingScratch::Evaluation;

  void Reset();
  Status ResolveLines();
  void SortLinesCanonically();
  static constexpr std::size_t kSmallCart = 32;
  void PlaceByCounting(std::vector<std::uint64_t>& order) const;
  void IndexTargets();
  // Into scratch_.candidates.
  void Candidates();
  void RejectUnknownCodes();
  void Consider(std::uint32_t p);
  bool SkippedByPlan(std::uint32_t p) const {
    return options_.plan && engine_.promotions_[p].exclusive && options_.plan->skip[p];
  }
  void ResolveGroup(std::uint32_t group);
  std::span<const std::uint32_t> TargetPositions(std::uint32_t p);
  // The proposal, or the reason it cannot apply.
  // `evaluation.positions` are p's target lines; sets evaluation.proposal.
  void Evaluate(std::uint32_t p, Evaluation& evaluation);
  bool ActiveNow(std::uint32_t p);
  // A lua promotion's proposal: its rule run on the target lines. A rule
  // past a sandbox limit sets over_limit_ (the proposal is then moot).
  Proposal RunRule(std::uint32_t p, std::span<const std::uint32_t> positions,
                   const std::vector<TargetLine>& targets);
  std::optional<RejectReason> CheckConditions(const Promotion& promo, std::span<const std::uint32_t> positions) const;
  // Consumes evaluation.proposal (capping it in place).
  void Apply(std::uint32_t p, Evaluation& evaluation);
  void Reject(std::uint32_t p, RejectReason reason);
  Status AddUpTotals();

  const PriceEngine& engine_;
  const Cart& cart_;
  TimePoint at_;
  const PriceOptions& options_;
  PricingScratch& scratch_;
  std::vector<WorkLine>& lines_;
  std::vector<bool>& decided_;
  bool stopped_ = false;  // an exclusive promotion applied
  // A rule went past a limit: the cart's error, and nothing more is
  // considered (lua_rules.h says why the cart is not priced without it).
  Status over_limit_;
  Quote& quote_;
};

}  // namespace evt::price
