#include "tools/price/engine.h"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "tools/price/cart_pricing.h"
#include "tools/price/discount_kinds.h"
#include "tools/price/lua_rules.h"
#include "tools/price/promotion_rules.h"

namespace evt::price {

std::string_view ReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNotActive: return "not_active";
    case RejectReason::kCodeMissing: return "code_missing";
    case RejectReason::kCodeUnknown: return "code_unknown";
    case RejectReason::kSegmentMismatch: return "segment_mismatch";
    case RejectReason::kBelowMinSubtotal: return "below_min_subtotal";
    case RejectReason::kBelowMinQty: return "below_min_qty";
    case RejectReason::kUsageLimitReached: return "usage_limit_reached";
    case RejectReason::kStoppedByExclusive: return "stopped_by_exclusive";
    case RejectReason::kLostInGroup: return "lost_in_group";
    case RejectReason::kNothingToDiscount: return "nothing_to_discount";
    case RejectReason::kNoTargetInCart: return "no_target_in_cart";
    case RejectReason::kNotBestDeal: return "not_best_deal";
    case RejectReason::kRuleNotMet: return "rule_not_met";
    case RejectReason::kRuleFailed: return "rule_failed";
  }
  return "?";
}

namespace {

bool AppliesBefore(const Promotion& a, const Promotion& b) {
  if (a.priority != b.priority) return a.priority > b.priority;
  return a.id < b.id;
}

// The promotions in the order they apply. A Promotion is hundreds of bytes
// of strings and vectors, and a stable sort of them moved each several
// times (a tenth of loading 500 promotions); ordering their indices moves
// each once, into the same order.
std::vector<Promotion> InApplyOrder(std::vector<Promotion> promotions) {
  std::vector<std::uint32_t> order(promotions.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return AppliesBefore(promotions[a], promotions[b]); });
  std::vector<Promotion> sorted;
  sorted.reserve(promotions.size());
  for (std::uint32_t i : order) sorted.push_back(std::move(promotions[i]));
  return sorted;
}

using ItemsOfTag = std::unordered_map<std::string_view, std::vector<std::uint32_t>>;

// Items per tag that a promotion names (the views are into `promotions`):
// a catalog carries many tags no promotion targets, and indexing those was
// most of building the engine.
ItemsOfTag ItemsByNamedTag(const Catalog& catalog, const std::vector<Promotion>& promotions) {
  ItemsOfTag out;
  auto name = [&out](const Target& target) {
    for (const std::string& tag : target.tags) out.try_emplace(tag);
  };
  for (const Promotion& promotion : promotions) {
    name(promotion.target);
    for (const Target& component : promotion.components) name(component);
  }
  if (out.empty()) return out;
  for (std::uint32_t i = 0; i < catalog.items.size(); ++i) {
    for (const std::string& tag : catalog.items[i].tags) {
      auto it = out.find(tag);
      if (it != out.end()) it->second.push_back(i);
    }
  }
  return out;
}

// The items a target names, possibly with repeats.
std::vector<std::uint32_t> ItemsOf(const Target& target, const Catalog& catalog,
                                   const ItemsOfTag& by_tag) {
  std::vector<std::uint32_t> items;
  for (const std::string& sku : target.skus) {
    if (std::optional<std::uint32_t> item = catalog.sku_index.Find(sku)) items.push_back(*item);
  }
  for (const std::string& tag : target.tags) {
    auto it = by_tag.find(tag);
    if (it != by_tag.end()) items.insert(items.end(), it->second.begin(), it->second.end());
  }
  return items;
}

}  // namespace

std::vector<std::string> PriceEngine::RuleFailureReport() const {
  std::vector<std::string> out;
  if (!lua_) return out;
  for (const LuaRules::Failures& f : lua_->failures()) {
    out.push_back("promotion \"" + promotions_[f.promotion].id + "\": its rule failed " + std::to_string(f.count) +
                  (f.count == 1 ? " time" : " times") + " (rule_failed); first: " + f.first_error);
  }
  return out;
}

Result<Quote> PriceEngine::Price(const Cart& cart, TimePoint now, const PriceOptions& options) const {
  Quote quote;
  EVT_RETURN_IF_ERROR(Price(cart, now, options, quote));
  return quote;
}

Status PriceEngine::Price(const Cart& cart, TimePoint now, const PriceOptions& options, Quote& quote) const {
  TimePoint at = cart.at.value_or(now);
  if (!scratch_ || scratch_->in_use) {  // an engine made without Build, or a call from within a call
    PricingScratch scratch;
    return CartPricing(*this, cart, at, options, quote, scratch).Run();
  }
  struct Hold {
    PricingScratch& scratch;
    ~Hold() { scratch.in_use = false; }
  } hold{*scratch_};
  scratch_->in_use = true;
  return CartPricing(*this, cart, at, options, quote, *scratch_).Run();
}

PriceEngine PriceEngine::Build(Catalog catalog, std::vector<Promotion> promotions) {
  PriceEngine engine;
  engine.catalog_ = std::move(catalog);
  engine.promotions_ = InApplyOrder(std::move(promotions));
  const Catalog& cat = engine.catalog_;
  ItemsOfTag by_tag = ItemsByNamedTag(cat, engine.promotions_);
  // Per promotion with a target: the items it targets, each once (an item
  // may be named by its sku and by a tag).
  std::vector<std::vector<std::uint32_t>> items_of_promotion(engine.promotions_.size());
  engine.bundle_component_.resize(engine.promotions_.size());
  for (std::uint32_t p = 0; p < engine.promotions_.size(); ++p) {
    const Promotion& promo = engine.promotions_[p];
    if (promo.target.whole_cart()) {
      engine.whole_cart_.push_back(p);
      continue;
    }
    std::vector<std::uint32_t>& items = items_of_promotion[p];
    items = ItemsOf(promo.target, cat, by_tag);
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    // A unit counts for the first component that names it.
    for (auto c = static_cast<std::uint32_t>(promo.components.size()); c-- > 0;) {
      for (std::uint32_t item : ItemsOf(promo.components[c], cat, by_tag)) engine.bundle_component_[p][item] = c;
    }
  }
  bool has_lua = std::any_of(engine.promotions_.begin(), engine.promotions_.end(),
                             [](const Promotion& p) { return p.kind == PromotionKind::kLua; });
  if (has_lua) engine.lua_ = LuaRules::Create(engine.promotions_);
  std::unordered_map<std::string, std::uint32_t> group_index;
  engine.group_of_.assign(engine.promotions_.size(), kNoGroup);
  for (std::uint32_t p = 0; p < engine.promotions_.size(); ++p) {
    const Promotion& promo = engine.promotions_[p];
    if (!promo.code.empty()) engine.promotions_of_code_[promo.code].push_back(p);
    if (promo.group.empty()) continue;
    auto [it, added] = group_index.emplace(promo.group, static_cast<std::uint32_t>(engine.group_members_.size()));
    if (added) engine.group_members_.emplace_back();
    engine.group_members_[it->second].push_back(p);
    engine.group_of_[p] = it->second;
  }
  // Lines are worked on in sku order; comparing ranks is cheaper than
  // comparing strings for every cart.
  std::vector<std::uint32_t> by_sku(cat.items.size());
  std::iota(by_sku.begin(), by_sku.end(), 0u);
  auto sku_less = [&](std::uint32_t a, std::uint32_t b) { return cat.items[a].sku < cat.items[b].sku; };
  // Catalogs often come in sku order: checking is cheaper than sorting.
  if (!std::is_sorted(by_sku.begin(), by_sku.end(), sku_less)) std::sort(by_sku.begin(), by_sku.end(), sku_less);
  engine.item_facts_.resize(cat.items.size());
  for (std::uint32_t rank = 0; rank < by_sku.size(); ++rank) engine.item_facts_[by_sku[rank]].rank = rank;
  // Each item's promotions, one range of one array: counted, then filled
  // in promotion order, so each range is sorted.
  std::vector<std::uint32_t> start(cat.items.size() + 1, 0);
  for (const std::vector<std::uint32_t>& items : items_of_promotion) {
    for (std::uint32_t item : items) ++start[item + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  engine.promotions_of_items_.resize(start.back());
  std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
  for (std::uint32_t p = 0; p < items_of_promotion.size(); ++p) {
    for (std::uint32_t item : items_of_promotion[p]) engine.promotions_of_items_[next[item]++] = p;
  }
  for (std::uint32_t item = 0; item < cat.items.size(); ++item) {
    ItemFacts& facts = engine.item_facts_[item];
    facts.price = cat.items[item].price;
    facts.tax_class = cat.items[item].tax_class;
    facts.promotions_begin = start[item];
    facts.promotions_end = start[item + 1];
  }
  engine.scratch_ = std::make_shared<PricingScratch>();
  return engine;
}

}  // namespace evt::price
