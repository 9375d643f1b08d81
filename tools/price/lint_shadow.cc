// "shadowed": a promotion that can never apply because an exclusive one
// ahead of it applies to every cart it could touch, and an applied
// exclusive stops every promotion after it. Only an exclusive that is sure
// to apply counts: no conditions a cart might miss, a kind that always
// takes something off, and every item it targets priced above zero. (An
// earlier promotion taking its lines to zero is not foreseen.)
#include <algorithm>
#include <map>

#include "tools/price/lint_promotions.h"

namespace evt::price {

namespace {

bool AppliesBefore(const Promotion& a, const Promotion& b) {
  if (a.priority != b.priority) return a.priority > b.priority;
  return a.id < b.id;
}

bool Includes(const std::vector<std::string>& all, const std::vector<std::string>& some) {
  return std::all_of(some.begin(), some.end(),
                     [&](const std::string& s) { return std::find(all.begin(), all.end(), s) != all.end(); });
}

// Every cart `p` could apply to meets `e`'s conditions of time, code and
// segment too.
bool EligibleWhenever(const Promotion& e, const Promotion& p) {
  if (!e.windows.empty()) return false;
  if (e.from && (!p.from || *p.from < *e.from)) return false;
  if (e.until && (!p.until || *p.until > *e.until)) return false;
  if (!e.code.empty() && e.code != p.code) return false;
  if (!e.segments.empty() && (p.segments.empty() || !Includes(e.segments, p.segments))) return false;
  return true;
}

// Whether `e`, once eligible and with any of its items in the cart, always
// takes at least one minor unit off (so it applies and stops the rest).
bool AlwaysTakesSomething(const Promotion& e, const std::vector<std::size_t>& items, const LintedCatalog& catalog) {
  if (e.min_subtotal || e.min_qty || !e.group.empty() || e.limit.any() || items.empty()) return false;
  Money cheapest = INT64_MAX;
  for (std::size_t item : items) {
    if (!catalog.items[item].price) return false;
    cheapest = std::min(cheapest, *catalog.items[item].price);
  }
  if (cheapest <= 0) return false;
  switch (e.kind) {
    case PromotionKind::kPercentOff:
    case PromotionKind::kCartPercentOff: return ApplyRate(cheapest, e.percent) > 0;
    case PromotionKind::kAmountOff:
    case PromotionKind::kCartAmountOff: return e.amount > 0;
    default: return false;
  }
}

struct Placed {
  const PlacedPromotion* placed;
  std::size_t place;  // where it is decided: its group's first member's place
};

std::vector<Placed> InEngineOrder(const std::vector<PlacedPromotion>& promotions) {
  std::vector<Placed> order;
  for (const PlacedPromotion& p : promotions) order.push_back({&p, 0});
  std::stable_sort(order.begin(), order.end(), [](const Placed& a, const Placed& b) {
    return AppliesBefore(a.placed->promotion, b.placed->promotion);
  });
  std::map<std::string, std::size_t> group_place;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::string& group = order[k].placed->promotion.group;
    order[k].place = group.empty() ? k : group_place.emplace(group, k).first->second;
  }
  return order;
}

}  // namespace

void LintShadowed(const std::vector<PlacedPromotion>& promotions, const LintedCatalog& catalog, const std::string& file,
                  std::vector<Finding>& findings) {
  std::vector<Placed> order = InEngineOrder(promotions);
  std::vector<std::vector<std::size_t>> items(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) items[k] = ItemsTouched(order[k].placed->promotion.target, catalog);
  std::vector<std::pair<std::size_t, Finding>> found;  // by place in the file
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Promotion& p = order[k].placed->promotion;
    if (items[k].empty()) continue;  // touches nothing: unknown_sku/unknown_tag say so
    for (std::size_t e = 0; e < order[k].place; ++e) {
      const Promotion& ex = order[e].placed->promotion;
      if (!ex.exclusive || !EligibleWhenever(ex, p) || !AlwaysTakesSomething(ex, items[e], catalog)) continue;
      if (!std::includes(items[e].begin(), items[e].end(), items[k].begin(), items[k].end())) continue;
      found.emplace_back(
          order[k].placed->index,
          Finding{"shadowed", file, "/promotions/" + std::to_string(order[k].placed->index), p.id,
                  "can never apply: the exclusive \"" + ex.id + "\" (priority " + std::to_string(ex.priority) +
                      ") applies before it to every cart it targets and stops it"});
      break;
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, finding] : found) findings.push_back(std::move(finding));
}

}  // namespace evt::price
