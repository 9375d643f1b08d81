#include "tools/price/cart_pricing.h"

#include <algorithm>
#include <bit>
#include <numeric>

#include "tools/price/lua_rules.h"
#include "tools/price/promotion_rules.h"

namespace evt::price {

CartPricing::CartPricing(const PriceEngine& engine, const Cart& cart, TimePoint at, const PriceOptions& options,
                         Quote& quote, PricingScratch& scratch)
    : engine_(engine),
      cart_(cart),
      at_(at),
      options_(options),
      scratch_(scratch),
      lines_(scratch.lines),
      decided_(scratch.decided),
      quote_(quote) {
  lines_.clear();
  decided_.assign(engine.promotions_.size(), false);
  if (scratch.active.size() != engine.promotions_.size() || scratch.active_at != at) {
    scratch.active.assign(engine.promotions_.size(), 0);
    scratch.active_at = at;
  }
}

// Empties the quote but keeps the lines' storage for the next cart.
void CartPricing::Reset() {
  quote_.cart = cart_.id;
  quote_.customer = cart_.customer;
  quote_.at = at_;
  quote_.lines.resize(cart_.lines.size());
  for (QuoteLine& line : quote_.lines) {
    line.discounts.clear();
    line.discount = line.net = line.tax = line.total = 0;
  }
  quote_.subtotal = quote_.discount = quote_.tax = quote_.total = 0;
  quote_.taxes.clear();
  for (Applied& applied : quote_.applied) scratch_.spare_touched.push_back(std::move(applied.lines));
  quote_.applied.clear();
  quote_.rejected.clear();
  quote_.search.reset();
}

Status CartPricing::Run() {
  Reset();
  EVT_RETURN_IF_ERROR(ResolveLines());
  IndexTargets();
  if (options_.explain_all) {
    for (std::uint32_t p = 0; p < engine_.promotions_.size() && over_limit_.ok(); ++p) Consider(p);
  } else {
    Candidates();
    for (std::size_t k = 0; k < scratch_.candidates.size() && over_limit_.ok(); ++k) Consider(scratch_.candidates[k]);
  }
  if (!over_limit_.ok()) return over_limit_;
  RejectUnknownCodes();
  return AddUpTotals();
}

// In three passes over the lines, so that the cache misses of looking up
// random items of a large catalog overlap: hash every sku and fetch its
// slot, find every item and fetch its facts, then price (fetching the
// item's promotions for IndexTargets).
Status CartPricing::ResolveLines() {
  const Catalog& catalog = engine_.catalog_;
  const SkuIndex& index = engine_.catalog_.sku_index;
  std::size_t n = cart_.lines.size();
  std::vector<std::uint64_t>& hashes = scratch_.hashes;
  std::vector<std::uint32_t>& items = scratch_.items;
  hashes.resize(n);
  items.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    hashes[i] = SkuIndex::Hash(cart_.lines[i].sku);
    index.Prefetch(hashes[i]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    items[i] = index.Find(cart_.lines[i].sku, hashes[i]).value_or(kNoItem);
    if (items[i] != kNoItem) __builtin_prefetch(&engine_.item_facts_[items[i]]);
  }
  lines_.reserve(n);
  std::int64_t units = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const CartLine& in = cart_.lines[i];
    auto where = [&] { return CartPrefix(cart_.id) + "/lines/" + std::to_string(i); };
    if (items[i] == kNoItem) return Status::DataErr(where() + "/sku: \"" + in.sku + "\" is not in the catalog");
    const PriceEngine::ItemFacts& item = engine_.item_facts_[items[i]];
    __builtin_prefetch(engine_.promotions_of_items_.data() + item.promotions_begin);  // for IndexTargets
    std::optional<Money> gross = CheckedMultiply(item.price, in.qty);
    std::optional<Money> subtotal = gross ? CheckedAdd(quote_.subtotal, *gross) : std::nullopt;
    std::optional<std::int64_t> all_units = CheckedAdd(units, in.qty);
    if (!subtotal || !all_units) {
      return Status::DataErr(where() + "/qty: " + std::to_string(in.qty) + " at " + std::to_string(item.price) +
                             " each takes the cart's amounts past 64 bits");
    }
    quote_.subtotal = *subtotal;
    units = *all_units;
    QuoteLine& line = quote_.lines[i];
    line.item = &catalog.items[items[i]];
    line.qty = in.qty;
    line.gross = *gross;
    lines_.push_back({i, items[i], in.qty, *gross, item.rank});
  }
  if (options_.items) options_.items->ItemsFound(items);
  SortLinesCanonically();
  return Status::Ok();
}

// Into (sku, qty, input line) order. Sorting the 40-byte lines with a
// three-way comparison was a twentieth of a steady stream's time; their
// keys, (rank, input line) in one integer, sort in a fraction of that, and
// only the lines of a repeated item need their quantities compared.
void CartPricing::SortLinesCanonically() {
  std::vector<std::uint64_t>& order = scratch_.order;
  std::size_t n = lines_.size();
  order.resize(n);
  auto key_of = [&](std::size_t i) { return std::uint64_t{lines_[i].rank} << 32 | i; };
  if (n <= kSmallCart && engine_.item_facts_.size() < (std::size_t{1} << 26)) {
    PlaceByCounting(order);
  } else {
    for (std::size_t i = 0; i < n; ++i) order[i] = key_of(i);
    std::sort(order.begin(), order.end());
  }
  auto line_of = [&](std::uint64_t key) -> const WorkLine& { return lines_[key & UINT32_MAX]; };
  auto same_item = [](std::uint64_t a, std::uint64_t b) { return a >> 32 == b >> 32; };
  if (std::adjacent_find(order.begin(), order.end(), same_item) != order.end()) {
    for (auto run = order.begin(); run != order.end();) {
      auto end = std::find_if(run + 1, order.end(), [&](std::uint64_t key) { return !same_item(key, *run); });
      // One item on several lines: by quantity, then input line (the keys' order).
      std::stable_sort(run, end, [&](std::uint64_t a, std::uint64_t b) { return line_of(a).qty < line_of(b).qty; });
      run = end;
    }
  }
  std::vector<WorkLine>& sorted = scratch_.sorted_lines;
  sorted.clear();
  for (std::uint64_t key : order) sorted.push_back(line_of(key));
  lines_.swap(sorted);
}

// Each key goes where the count of smaller keys says: a fixed number of
// compares with no branch on their outcome, where a comparison sort of
// twenty random keys mispredicted about every other compare. The keys are
// (rank, input line) in 32 bits, the line in the low five.
void CartPricing::PlaceByCounting(std::vector<std::uint64_t>& order) const {
  std::size_t n = lines_.size();
  std::uint32_t keys[kSmallCart];
  for (std::size_t i = 0; i < n; ++i) keys[i] = lines_[i].rank << 5 | static_cast<std::uint32_t>(i);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t smaller = 0;
    for (std::size_t j = 0; j < n; ++j) smaller += keys[j] < keys[i];
    order[smaller] = std::uint64_t{lines_[i].rank} << 32 | i;
  }
}

// Only the promotions the cart's items name are visited: a pass over all
// of them per cart cost more than the sort it replaced.
void CartPricing::IndexTargets() {
  std::vector<std::uint32_t>& count = scratch_.target_count;
  std::vector<std::uint32_t>& targeted = scratch_.targeted;
  std::size_t promotions = engine_.promotions_.size();
  if (count.size() != promotions) {
    count.assign(promotions, 0);
    scratch_.target_begin.resize(promotions);
    scratch_.target_fill.resize(promotions);
    targeted.clear();
  }
  for (std::uint32_t p : targeted) count[p] = 0;  // the last cart's
  targeted.clear();
  // Plain pointers: through the vectors, each store to a count made the
  // compiler load the engine's arrays again.
  const PriceEngine::ItemFacts* facts = engine_.item_facts_.data();
  const std::uint32_t* promotions_of_items = engine_.promotions_of_items_.data();
  std::uint32_t* counts = count.data();
  for (const WorkLine& line : lines_) {
    const PriceEngine::ItemFacts& item = facts[line.item];
    for (std::uint32_t k = item.promotions_begin; k < item.promotions_end; ++k) {
      std::uint32_t p = promotions_of_items[k];
      if (counts[p]++ == 0) targeted.push_back(p);
    }
  }
  std::uint32_t* fill = scratch_.target_fill.data();
  std::uint32_t next = 0;
  for (std::uint32_t p : targeted) {
    scratch_.target_begin[p] = fill[p] = next;
    next += counts[p];
  }
  scratch_.target_positions.resize(next);
  std::uint32_t* positions = scratch_.target_positions.data();
  for (std::uint32_t pos = 0; pos < lines_.size(); ++pos) {
    const PriceEngine::ItemFacts& item = facts[lines_[pos].item];
    for (std::uint32_t k = item.promotions_begin; k < item.promotions_end; ++k) {
      positions[fill[promotions_of_items[k]]++] = pos;
    }
  }
}

// Marked in a bitmap of all the promotions and read back in order: that
// sorts them and drops the repeats in one pass over a few words, where
// std::sort and std::unique were a fiftieth of a steady stream's time.
void CartPricing::Candidates() {
  std::vector<std::uint64_t>& marked = scratch_.candidate_bits;
  marked.assign((engine_.promotions_.size() + 63) / 64, 0);
  auto mark = [&](std::uint32_t p) { marked[p / 64] |= std::uint64_t{1} << (p % 64); };
  for (std::uint32_t p : engine_.whole_cart_) mark(p);
  for (std::uint32_t p : scratch_.targeted) mark(p);
  for (const std::string& code : cart_.codes) {
    auto it = engine_.promotions_of_code_.find(code);
    if (it == engine_.promotions_of_code_.end()) continue;
    for (std::uint32_t p : it->second) mark(p);
  }
  std::vector<std::uint32_t>& out = scratch_.candidates;
  out.clear();
  for (std::size_t w = 0; w < marked.size(); ++w) {
    for (std::uint64_t bits = marked[w]; bits != 0; bits &= bits - 1) {
      out.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits))));
    }
  }
}

void CartPricing::RejectUnknownCodes() {
  for (std::size_t i = 0; i < cart_.codes.size(); ++i) {
    const std::string& code = cart_.codes[i];
    bool repeated = std::find(cart_.codes.begin(), cart_.codes.begin() + static_cast<std::ptrdiff_t>(i), code) !=
                    cart_.codes.begin() + static_cast<std::ptrdiff_t>(i);
    if (repeated || engine_.promotions_of_code_.count(code)) continue;
    quote_.rejected.push_back({std::nullopt, code, RejectReason::kCodeUnknown});
  }
}

// The count first: a promotion with positions in this cart has a target,
// and asking the Promotion itself whether it has one was a cache miss per
// candidate.
std::span<const std::uint32_t> CartPricing::TargetPositions(std::uint32_t p) {
  if (std::uint32_t count = scratch_.target_count[p]; count != 0) {
    return std::span<const std::uint32_t>(scratch_.target_positions).subspan(scratch_.target_begin[p], count);
  }
  if (!engine_.promotions_[p].target.whole_cart()) return {};
  // It grows only at a cart's first ask, before any view of it is out.
  std::vector<std::uint32_t>& all = scratch_.all_positions;
  for (auto next = static_cast<std::uint32_t>(all.size()); next < lines_.size(); ++next) all.push_back(next);
  return std::span<const std::uint32_t>(all).first(lines_.size());
}

void CartPricing::Consider(std::uint32_t p) {
  if (decided_[p]) return;
  const Promotion& promo = engine_.promotions_[p];
  Evaluation& evaluation = scratch_.evaluation;
  evaluation.positions = TargetPositions(p);
  if (evaluation.positions.empty()) {
    bool code_given = !promo.code.empty() && HasCode(cart_, promo.code);
    if (code_given || options_.explain_all) Reject(p, RejectReason::kNoTargetInCart);
    decided_[p] = true;
    return;
  }
  if (stopped_) return Reject(p, RejectReason::kStoppedByExclusive);
  if (engine_.group_of_[p] != PriceEngine::kNoGroup) return ResolveGroup(engine_.group_of_[p]);
  if (SkippedByPlan(p)) return Reject(p, RejectReason::kNotBestDeal);
  Evaluate(p, evaluation);
  if (evaluation.proposal.reason) return Reject(p, *evaluation.proposal.reason);
  Apply(p, evaluation);
}

// Every member still open is evaluated on the same amounts; the largest
// discount applies (a tie to the member that comes first), the others lose.
void CartPricing::ResolveGroup(std::uint32_t group) {
  std::optional<std::uint32_t> best;
  Evaluation& evaluation = scratch_.evaluation;
  Evaluation& best_evaluation = scratch_.best;
  std::vector<std::uint32_t> contenders;
  std::uint32_t chosen = options_.plan ? options_.plan->member[group] : DealPlan::kLargest;
  for (std::uint32_t m : engine_.group_members_[group]) {
    if (!over_limit_.ok()) return;
    if (decided_[m]) continue;
    evaluation.positions = TargetPositions(m);
    if (evaluation.positions.empty()) continue;  // left to Consider: no_target_in_cart
    if (SkippedByPlan(m)) {
      Reject(m, RejectReason::kNotBestDeal);
      continue;
    }
    Evaluate(m, evaluation);
    if (evaluation.proposal.reason) {
      Reject(m, *evaluation.proposal.reason);
      continue;
    }
    contenders.push_back(m);
    bool wins = chosen == DealPlan::kLargest ? !best || evaluation.proposal.total > best_evaluation.proposal.total
                                             : m == chosen;
    if (wins) {
      best = m;
      std::swap(best_evaluation, evaluation);
    }
  }
  for (std::uint32_t m : contenders) {
    if (!best || m != *best) Reject(m, RejectReason::kLostInGroup);
  }
  if (best) Apply(*best, best_evaluation);
}

void CartPricing::Evaluate(std::uint32_t p, Evaluation& out) {
  const Promotion& promo = engine_.promotions_[p];
  std::optional<RejectReason> reason = ActiveNow(p) ? CheckCodeAndSegments(promo, cart_) : RejectReason::kNotActive;
  if (!reason && options_.usage && options_.usage->Exhausted(promo, cart_)) reason = RejectReason::kUsageLimitReached;
  if (!reason) reason = CheckConditions(promo, out.positions);
  if (reason) {
    out.proposal.reason = reason;
    return;
  }
  std::vector<TargetLine>& targets = scratch_.targets;
  targets.clear();
  for (std::size_t pos : out.positions) {
    const WorkLine& line = lines_[pos];
    std::uint32_t component = 0;
    if (promo.kind == PromotionKind::kBundle) component = engine_.bundle_component_[p].at(line.item);
    targets.push_back({line.remaining, line.qty, component});
  }
  if (promo.kind == PromotionKind::kLua) {
    out.proposal = RunRule(p, out.positions, targets);
  } else {
    ComputeDiscount(promo, targets, out.proposal);
  }
}

bool CartPricing::ActiveNow(std::uint32_t p) {
  std::uint8_t& known = scratch_.active[p];
  if (known == 0) known = IsActive(engine_.promotions_[p], at_) ? 1 : 2;
  return known == 1;
}

Proposal CartPricing::RunRule(std::uint32_t p, std::span<const std::uint32_t> positions,
                              const std::vector<TargetLine>& targets) {
  LuaCart cart{&cart_.id, &cart_.customer, &cart_.segments, &cart_.codes, {}};
  cart.lines.reserve(positions.size());
  for (std::size_t pos : positions) {
    const WorkLine& line = lines_[pos];
    const Item& item = engine_.catalog_.items[line.item];
    cart.lines.push_back({&item.sku, &item.tags, line.qty, item.price, line.remaining});
  }
  RuleOutcome outcome = engine_.lua_->Evaluate(p, cart);
  if (outcome.result == RuleOutcome::Result::kAmount) return SpreadAmount(outcome.amount, targets);
  if (outcome.result == RuleOutcome::Result::kOverLimit) {
    over_limit_ = Status::DataErr(CartPrefix(cart_.id) + "promotion \"" + engine_.promotions_[p].id +
                                  "\": its rule went past its limit: " + outcome.error);
  }
  Proposal rejected;
  rejected.reason =
      outcome.result == RuleOutcome::Result::kNotMet ? RejectReason::kRuleNotMet : RejectReason::kRuleFailed;
  return rejected;
}

std::optional<RejectReason> CartPricing::CheckConditions(const Promotion& promo,
                                                         std::span<const std::uint32_t> positions) const {
  std::int64_t units = 0;
  Money amount = 0;
  for (std::size_t pos : positions) {
    units += lines_[pos].qty;
    amount += lines_[pos].remaining;
  }
  if (promo.min_qty && units < *promo.min_qty) return RejectReason::kBelowMinQty;
  if (promo.min_subtotal && amount < *promo.min_subtotal) return RejectReason::kBelowMinSubtotal;
  return std::nullopt;
}

void CartPricing::Apply(std::uint32_t p, Evaluation& evaluation) {
  const Promotion& promo = engine_.promotions_[p];
  Proposal& proposal = evaluation.proposal;
  Applied applied;
  if (!scratch_.spare_touched.empty()) {
    applied.lines = std::move(scratch_.spare_touched.back());
    scratch_.spare_touched.pop_back();
    applied.lines.clear();
  }
  applied.promotion = p;
  if (promo.max_discount && proposal.total > *promo.max_discount) {
    CapProposal(proposal, *promo.max_discount);
    applied.capped = true;
  }
  applied.amount = proposal.total;
  for (std::size_t k = 0; k < evaluation.positions.size(); ++k) {
    WorkLine& line = lines_[evaluation.positions[k]];
    Money amount = proposal.amounts[k];
    if (amount == 0 && proposal.units[k] == 0) continue;
    line.remaining -= amount;
    if (amount > 0) quote_.lines[line.input].discounts.push_back({p, amount});
    applied.lines.push_back({line.input, proposal.units[k], amount});
  }
  std::sort(applied.lines.begin(), applied.lines.end(),
            [](const TouchedLine& a, const TouchedLine& b) { return a.line < b.line; });
  quote_.applied.push_back(std::move(applied));
  decided_[p] = true;
  if (promo.exclusive) stopped_ = true;
}

void CartPricing::Reject(std::uint32_t p, RejectReason reason) {
  quote_.rejected.push_back({p, "", reason});
  decided_[p] = true;
}

Status CartPricing::AddUpTotals() {
  const Catalog& catalog = engine_.catalog_;
  std::vector<TaxTotal>& by_class = scratch_.by_class;
  std::vector<bool>& class_present = scratch_.class_present;
  by_class.assign(catalog.tax_classes.size(), TaxTotal{});
  class_present.assign(catalog.tax_classes.size(), false);
  for (const WorkLine& work : lines_) {
    QuoteLine& line = quote_.lines[work.input];
    line.net = work.remaining;
    line.discount = line.gross - line.net;
    int tax_class = engine_.item_facts_[work.item].tax_class;
    Rate rate = tax_class == kNoTaxClass ? Rate{} : catalog.tax_classes[static_cast<std::size_t>(tax_class)].rate;
    if (catalog.tax_mode == TaxMode::kInclusive) {
      line.tax = ExtractInclusiveTax(line.net, rate);
      line.total = line.net;
    } else {
      line.tax = ApplyRate(line.net, rate);  // rate <= 1: no overflow
      std::optional<Money> total = CheckedAdd(line.net, line.tax);
      if (!total) return Status::DataErr(CartPrefix(cart_.id) + "/lines/" + std::to_string(work.input) +
                                         ": the amount with tax does not fit in 64 bits");
      line.total = *total;
    }
    if (tax_class == kNoTaxClass) continue;
    auto c = static_cast<std::size_t>(tax_class);
    by_class[c].base += line.net;
    by_class[c].tax += line.tax;
    class_present[c] = true;
  }
  for (const QuoteLine& line : quote_.lines) {
    quote_.discount += line.discount;
    quote_.tax += line.tax;
    std::optional<Money> total = CheckedAdd(quote_.total, line.total);
    if (!total) return Status::DataErr(CartPrefix(cart_.id) + "/lines: the total with tax does not fit in 64 bits");
    quote_.total = *total;
  }
  for (std::size_t c = 0; c < by_class.size(); ++c) {
    if (!class_present[c]) continue;
    by_class[c].tax_class = static_cast<int>(c);
    quote_.taxes.push_back(by_class[c]);
  }
  return Status::Ok();
}

}  // namespace evt::price
