#include "tools/price/best_deal.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace evt::price {

namespace {

// A rejection that another combination might undo: it depends on the
// amounts left by earlier promotions or on what applied before.
bool MayChange(RejectReason reason) {
  switch (reason) {
    case RejectReason::kBelowMinSubtotal:
    case RejectReason::kBelowMinQty:
    case RejectReason::kStoppedByExclusive:
    case RejectReason::kLostInGroup:
    case RejectReason::kNothingToDiscount:
      return true;
    default:
      return false;
  }
}

// The choice points of one cart, from its priority-order quote.
struct Choices {
  std::vector<std::uint32_t> exclusives;  // in the order they apply
  std::vector<std::uint32_t> groups;
  std::vector<std::vector<std::uint32_t>> members;  // per entry of groups

  // choice[0]: how many exclusives are skipped (0..E); choice[1 + g]: the
  // index of the chosen member in members[g].
  std::vector<std::size_t> Radices() const {
    std::vector<std::size_t> radices = {exclusives.size() + 1};
    for (const auto& m : members) radices.push_back(m.size());
    return radices;
  }
};

Choices FindChoices(const PriceEngine& engine, const Quote& quote) {
  std::vector<std::uint32_t> live;  // promotions another combination might treat differently
  for (const Applied& a : quote.applied) live.push_back(static_cast<std::uint32_t>(a.promotion));
  for (const Rejected& r : quote.rejected) {
    if (r.promotion && MayChange(r.reason)) live.push_back(static_cast<std::uint32_t>(*r.promotion));
  }
  std::sort(live.begin(), live.end());
  Choices choices;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> grouped;  // (group, member)
  for (std::uint32_t p : live) {
    if (engine.promotions()[p].exclusive) choices.exclusives.push_back(p);
    if (engine.group_of(p) != PriceEngine::kNoGroup) grouped.emplace_back(engine.group_of(p), p);
  }
  std::sort(grouped.begin(), grouped.end());
  for (std::size_t i = 0; i < grouped.size();) {
    std::size_t end = i;
    while (end < grouped.size() && grouped[end].first == grouped[i].first) ++end;
    if (end - i >= 2) {
      choices.groups.push_back(grouped[i].first);
      choices.members.emplace_back();
      for (std::size_t k = i; k < end; ++k) choices.members.back().push_back(grouped[k].second);
    }
    i = end;
  }
  return choices;
}

// Priority order's own choices, as a point of the search space.
std::vector<std::size_t> PriorityChoice(const Choices& choices, const Quote& quote) {
  std::vector<std::size_t> choice(1 + choices.groups.size(), 0);
  for (std::size_t g = 0; g < choices.groups.size(); ++g) {
    const auto& members = choices.members[g];
    for (const Applied& a : quote.applied) {
      auto it = std::find(members.begin(), members.end(), static_cast<std::uint32_t>(a.promotion));
      if (it != members.end()) choice[1 + g] = static_cast<std::size_t>(it - members.begin());
    }
  }
  return choice;
}

class Search {
 public:
  Search(const PriceEngine& engine, const Cart& cart, TimePoint now, const PriceOptions& options,
         std::size_t budget, BestDealScratch& scratch, Quote& best)
      : engine_(engine), cart_(cart), now_(now), options_(options), budget_(budget), scratch_(scratch), best_(best) {
    scratch_.plan.skip.assign(engine.promotions().size(), false);
    scratch_.plan.member.assign(engine.group_count(), DealPlan::kLargest);
    planned_ = options;
    planned_.plan = &scratch_.plan;
  }

  Status Run() {
    EVT_RETURN_IF_ERROR(engine_.Price(cart_, now_, options_, best_));
    evaluated_ = 1;
    choices_ = FindChoices(engine_, best_);
    radices_ = choices_.Radices();
    std::size_t combinations = 1;
    bool fits = true;
    for (std::size_t r : radices_) {
      if (combinations > budget_ / r) fits = false;
      combinations *= fits ? r : 1;
    }
    bool exhaustive = fits && combinations + 1 <= budget_;
    if (combinations > 1) EVT_RETURN_IF_ERROR(exhaustive ? Everything() : LocalSearch());
    best_.search = Quote::Search{evaluated_, exhaustive};
    return Status::Ok();
  }

 private:
  // Prices one combination; keeps it when it is cheaper than the best yet.
  Result<bool> Try(const std::vector<std::size_t>& choice) {
    for (std::size_t k = 0; k < choices_.exclusives.size(); ++k) {
      scratch_.plan.skip[choices_.exclusives[k]] = k < choice[0];
    }
    for (std::size_t g = 0; g < choices_.groups.size(); ++g) {
      scratch_.plan.member[choices_.groups[g]] = choices_.members[g][choice[1 + g]];
    }
    EVT_RETURN_IF_ERROR(engine_.Price(cart_, now_, planned_, scratch_.candidate));
    ++evaluated_;
    if (scratch_.candidate.total >= best_.total) return false;
    std::swap(scratch_.candidate, best_);
    return true;
  }

  Status Everything() {
    std::vector<std::size_t> choice(radices_.size(), 0);
    while (true) {
      Result<bool> better = Try(choice);
      if (!better.ok()) return better.status();
      std::size_t d = 0;
      while (d < choice.size() && ++choice[d] == radices_[d]) choice[d++] = 0;
      if (d == choice.size()) return Status::Ok();
    }
  }

  // One choice at a time, from priority order's choices, while it helps.
  Status LocalSearch() {
    std::vector<std::size_t> current = PriorityChoice(choices_, best_);
    bool improved = true;
    while (improved) {
      improved = false;
      for (std::size_t d = 0; d < current.size(); ++d) {
        for (std::size_t v = 0; v < radices_[d]; ++v) {
          if (v == current[d]) continue;
          if (evaluated_ >= budget_) return Status::Ok();
          std::vector<std::size_t> next = current;
          next[d] = v;
          Result<bool> better = Try(next);
          if (!better.ok()) return better.status();
          if (*better) {
            current = std::move(next);
            improved = true;
          }
        }
      }
    }
    return Status::Ok();
  }

  const PriceEngine& engine_;
  const Cart& cart_;
  TimePoint now_;
  const PriceOptions& options_;
  PriceOptions planned_;
  std::size_t budget_;
  BestDealScratch& scratch_;
  Quote& best_;
  Choices choices_;
  std::vector<std::size_t> radices_;
  std::size_t evaluated_ = 0;
};

}  // namespace

Status PriceBest(const PriceEngine& engine, const Cart& cart, TimePoint now, const PriceOptions& options,
                 std::size_t budget, BestDealScratch& scratch, Quote& quote) {
  return Search(engine, cart, now, options, budget, scratch, quote).Run();
}

}  // namespace evt::price
