#include "tools/price/discount_kinds.h"

#include <algorithm>

#include "tools/price/allocation.h"

namespace evt::price {

namespace {

// Units of one line worth the same: a line's remaining amount spread over
// its units, the odd cents on its first units, so the units add up to it.
struct UnitGroup {
  Money value = 0;
  std::int64_t count = 0;
  std::size_t line = 0;
};

std::vector<UnitGroup> UnitGroups(const std::vector<TargetLine>& lines) {
  std::vector<UnitGroup> groups;
  groups.reserve(lines.size() * 2);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Money base = lines[i].remaining / lines[i].qty;
    std::int64_t extra = lines[i].remaining % lines[i].qty;
    if (extra > 0) groups.push_back({base + 1, extra, i});
    groups.push_back({base, lines[i].qty - extra, i});
  }
  return groups;
}

// Sorts by value (cheapest or dearest first), ties to the earlier line: the
// canonical order, so the choice never depends on the cart's line order.
void SortUnits(std::vector<UnitGroup>& groups, bool cheapest_first) {
  std::stable_sort(groups.begin(), groups.end(), [&](const UnitGroup& a, const UnitGroup& b) {
    if (a.value != b.value) return cheapest_first ? a.value < b.value : a.value > b.value;
    return a.line < b.line;
  });
}

// Takes `wanted` units from the front of `groups`: per line, how many and
// what they are worth.
void TakeUnits(const std::vector<UnitGroup>& groups, std::int64_t wanted, std::vector<std::int64_t>& units,
               std::vector<Money>& value) {
  for (const UnitGroup& g : groups) {
    if (wanted == 0) break;
    std::int64_t take = std::min(wanted, g.count);
    units[g.line] += take;
    value[g.line] += take * g.value;  // <= the line's remaining: no overflow
    wanted -= take;
  }
}

// `p` as a new Proposal with nothing taken, keeping its storage.
void Empty(const std::vector<TargetLine>& lines, Proposal& p) {
  p.amounts.assign(lines.size(), 0);
  p.units.assign(lines.size(), 0);
  p.total = 0;
  p.reason.reset();
}

// Marks every unit of a discounted line as touched and sums up.
void Finish(Proposal& p, const std::vector<TargetLine>& lines, bool whole_lines) {
  p.total = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    p.total += p.amounts[i];
    if (whole_lines) p.units[i] = p.amounts[i] > 0 ? lines[i].qty : 0;
  }
  if (p.total == 0 && !p.reason) p.reason = RejectReason::kNothingToDiscount;
}

Money SumRemaining(const std::vector<TargetLine>& lines) {
  Money sum = 0;
  for (const TargetLine& l : lines) sum += l.remaining;
  return sum;
}

std::vector<Money> Remainings(const std::vector<TargetLine>& lines) {
  std::vector<Money> out;
  out.reserve(lines.size());
  for (const TargetLine& l : lines) out.push_back(l.remaining);
  return out;
}

// Off each unit, at most the line: amount * qty saturates rather than
// overflowing, and is then more than the line anyway.
Money OffEachUnit(Money amount, const TargetLine& line) {
  std::optional<Money> off = CheckedMultiply(amount, line.qty);
  return off ? std::min(*off, line.remaining) : line.remaining;
}

void PercentOff(Rate percent, const std::vector<TargetLine>& lines, Proposal& p) {
  Empty(lines, p);
  for (std::size_t i = 0; i < lines.size(); ++i) p.amounts[i] = ApplyRate(lines[i].remaining, percent);
  Finish(p, lines, true);
}

void AmountOffEach(Money amount, const std::vector<TargetLine>& lines, Proposal& p) {
  Empty(lines, p);
  for (std::size_t i = 0; i < lines.size(); ++i) p.amounts[i] = OffEachUnit(amount, lines[i]);
  Finish(p, lines, true);
}

void Spread(Money total, const std::vector<TargetLine>& lines, Proposal& p) {
  Empty(lines, p);
  p.amounts = AllocateLargestRemainder(std::min(total, SumRemaining(lines)), Remainings(lines));
  Finish(p, lines, true);
}

void FixedPrice(Money price, const std::vector<TargetLine>& lines, Proposal& p) {
  Empty(lines, p);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::optional<Money> target = CheckedMultiply(price, lines[i].qty);
    p.amounts[i] = target && *target < lines[i].remaining ? lines[i].remaining - *target : 0;
  }
  Finish(p, lines, true);
}

std::int64_t TotalUnits(const std::vector<TargetLine>& lines) {
  std::int64_t units = 0;
  for (const TargetLine& l : lines) units += l.qty;
  return units;
}

void BuyXGetY(const Promotion& promo, const std::vector<TargetLine>& lines, Proposal& p) {
  Empty(lines, p);
  std::int64_t applications = TotalUnits(lines) / (promo.buy + promo.get);
  if (promo.max_applications) applications = std::min(applications, *promo.max_applications);
  if (applications == 0) {
    p.reason = RejectReason::kBelowMinQty;
    return;
  }
  // The cheapest (or dearest) k*get units are discounted; the other units,
  // at least k*buy of them, are the ones that triggered, so no unit is both.
  std::vector<UnitGroup> groups = UnitGroups(lines);
  SortUnits(groups, promo.cheapest);
  std::vector<Money> value(lines.size(), 0);
  TakeUnits(groups, applications * promo.get, p.units, value);
  for (std::size_t i = 0; i < lines.size(); ++i) p.amounts[i] = ApplyRate(value[i], promo.percent);
  Finish(p, lines, false);
}

void Bundle(const Promotion& promo, const std::vector<TargetLine>& lines, Proposal& p) {
  Empty(lines, p);
  std::size_t n_components = promo.components.size();
  std::vector<std::int64_t> available(n_components, 0);
  for (const TargetLine& l : lines) available[l.component] += l.qty;
  std::int64_t bundles = *std::min_element(available.begin(), available.end());
  if (promo.max_applications) bundles = std::min(bundles, *promo.max_applications);
  if (bundles == 0) {
    p.reason = RejectReason::kBelowMinQty;
    return;
  }
  // Each bundle takes the dearest units of each component: the customer
  // gets the most out of it, and the choice is the same whatever the order.
  std::vector<Money> value(lines.size(), 0);
  std::vector<UnitGroup> groups = UnitGroups(lines);
  SortUnits(groups, false);
  for (std::uint32_t c = 0; c < n_components; ++c) {
    std::vector<UnitGroup> of_component;
    for (const UnitGroup& g : groups) {
      if (lines[g.line].component == c) of_component.push_back(g);
    }
    TakeUnits(of_component, bundles, p.units, value);
  }
  Money chosen = 0;
  for (Money v : value) chosen += v;
  std::optional<Money> bundle_total = CheckedMultiply(promo.price, bundles);
  Money discount = bundle_total && *bundle_total < chosen ? chosen - *bundle_total : 0;
  p.amounts = AllocateLargestRemainder(discount, value);
  Finish(p, lines, false);
  if (p.total == 0) std::fill(p.units.begin(), p.units.end(), 0);
}

void Tiered(const Promotion& promo, const std::vector<TargetLine>& lines, Proposal& p) {
  std::int64_t units = TotalUnits(lines);
  const Tier* reached = nullptr;
  for (const Tier& tier : promo.tiers) {
    if (tier.min_qty <= units) reached = &tier;
  }
  if (!reached) {
    Empty(lines, p);
    p.reason = RejectReason::kBelowMinQty;
    return;
  }
  if (reached->percent) {
    PercentOff(*reached->percent, lines, p);
  } else {
    AmountOffEach(*reached->amount, lines, p);
  }
}

}  // namespace

Proposal SpreadAmount(Money total, const std::vector<TargetLine>& lines) {
  Proposal p;
  Spread(total, lines, p);
  return p;
}

Proposal ComputeDiscount(const Promotion& promotion, const std::vector<TargetLine>& lines) {
  Proposal p;
  ComputeDiscount(promotion, lines, p);
  return p;
}

void ComputeDiscount(const Promotion& promotion, const std::vector<TargetLine>& lines, Proposal& p) {
  switch (promotion.kind) {
    case PromotionKind::kPercentOff:
      return PercentOff(promotion.percent, lines, p);
    case PromotionKind::kAmountOff:
      return promotion.spread ? Spread(promotion.amount, lines, p) : AmountOffEach(promotion.amount, lines, p);
    case PromotionKind::kFixedPrice:
      return FixedPrice(promotion.price, lines, p);
    case PromotionKind::kBuyXGetY:
      return BuyXGetY(promotion, lines, p);
    case PromotionKind::kBundle:
      return Bundle(promotion, lines, p);
    case PromotionKind::kTiered:
      return Tiered(promotion, lines, p);
    case PromotionKind::kCartAmountOff:
      return Spread(promotion.amount, lines, p);
    case PromotionKind::kCartPercentOff:
      return Spread(ApplyRate(SumRemaining(lines), promotion.percent), lines, p);
    case PromotionKind::kLua:
      return Spread(promotion.amount, lines, p);  // the engine runs the rule: SpreadAmount
  }
  Empty(lines, p);
}

void CapProposal(Proposal& proposal, Money cap) {
  proposal.amounts = AllocateLargestRemainder(cap, proposal.amounts);
  proposal.total = cap;
}

}  // namespace evt::price
