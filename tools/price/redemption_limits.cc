#include "tools/price/redemption_limits.h"

#include <algorithm>
#include <map>

namespace evt::price {

LimitsById LimitsOf(const std::vector<Promotion>& promotions) {
  LimitsById out;
  for (const Promotion& p : promotions) {
    if (p.limit.any()) out.emplace(p.id, p.limit);
  }
  return out;
}

std::string_view RedeemResultName(RedeemResult result) {
  switch (result) {
    case RedeemResult::kRedeemed: return "redeemed";
    case RedeemResult::kReplayed: return "replayed";
    case RedeemResult::kRefused: return "refused";
    case RedeemResult::kConflict: return "conflict";
  }
  return "?";
}

namespace {

// The breaches `r` would cause, with the store as it is.
Result<std::vector<LimitBreach>> BreachesOf(RedemptionStore& store, const Redemption& r, const LimitsById& limits) {
  std::vector<LimitBreach> out;
  for (const std::string& promotion : r.promotions) {
    auto it = limits.find(promotion);
    if (it == limits.end()) continue;
    const UsageLimit& limit = it->second;
    if (limit.total) {
      Result<std::int64_t> used = store.Uses(promotion);
      if (!used.ok()) return used.status();
      if (*used >= *limit.total) out.push_back({promotion, "total", *limit.total, *used});
    }
    if (limit.per_customer) {
      std::int64_t used = 0;
      if (!r.customer.empty()) {
        Result<std::int64_t> by = store.UsesBy(promotion, r.customer);
        if (!by.ok()) return by.status();
        used = *by;
      }
      // An anonymous order cannot be counted per customer: it may not use it.
      if (r.customer.empty() || used >= *limit.per_customer) {
        out.push_back({promotion, "per_customer", *limit.per_customer, used});
      }
    }
  }
  return out;
}

}  // namespace

Result<RedeemOutcome> Redeem(RedemptionStore& store, const Redemption& r, const LimitsById& limits) {
  Result<Transaction> tx = store.BeginWrite();
  if (!tx.ok()) return tx.status();
  Result<GsetMatch<Redemption>> match = store.Match(r);
  if (!match.ok()) return match.status();
  if (match->outcome == GsetOutcome::kDuplicate) return RedeemOutcome{RedeemResult::kReplayed, {}, {}};
  if (match->outcome == GsetOutcome::kConflict) return RedeemOutcome{RedeemResult::kConflict, {}, std::move(match->here)};
  Result<std::vector<LimitBreach>> breaches = BreachesOf(store, r, limits);
  if (!breaches.ok()) return breaches.status();
  if (!breaches->empty()) return RedeemOutcome{RedeemResult::kRefused, std::move(*breaches), {}};
  EVT_RETURN_IF_ERROR(store.Insert(r));
  EVT_RETURN_IF_ERROR(tx->Commit());
  return RedeemOutcome{RedeemResult::kRedeemed, {}, {}};
}

Status MergeBatch(RedemptionStore& store, const std::vector<Redemption>& batch, MergeCounts& counts) {
  Result<RedemptionSet::Report> report = store.MergeInTransaction(batch);
  if (!report.ok()) return report.status();
  counts.added += static_cast<std::int64_t>(report->counts.added);
  counts.replaced += static_cast<std::int64_t>(report->counts.replaced);
  counts.unchanged += static_cast<std::int64_t>(report->counts.duplicate);
  std::vector<std::string>& touched = counts.promotions_touched;
  auto touch = [&touched](const Redemption& r) { touched.insert(touched.end(), r.promotions.begin(), r.promotions.end()); };
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (report->outcomes[i] == GsetOutcome::kAdded) touch(batch[i]);
  }
  for (GsetConflict<Redemption>& c : report->conflicts) {
    if (c.kept_incoming) touch(c.incoming);
    counts.conflicts.push_back({std::move(c.here), std::move(c.incoming)});
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  return Status::Ok();
}

Result<MergeCounts> Merge(RedemptionStore& store, const std::vector<Redemption>& incoming) {
  Result<Transaction> tx = store.BeginWrite();
  if (!tx.ok()) return tx.status();
  MergeCounts counts;
  EVT_RETURN_IF_ERROR(MergeBatch(store, incoming, counts));
  EVT_RETURN_IF_ERROR(tx->Commit());
  return counts;
}

Result<LimitOverrun> OverrunOf(RedemptionStore& store, const Promotion& p) {
  LimitOverrun overrun;
  Result<std::int64_t> used = store.Uses(p.id);
  if (!used.ok()) return used.status();
  overrun.used = *used;
  if (p.limit.total && *used > *p.limit.total) {
    overrun.limits = 1;
    overrun.orders = *used - *p.limit.total;
  }
  if (p.limit.per_customer) {
    Result<RedemptionStore::CustomersPast> past = store.CustomersPastLimit(p.id, *p.limit.per_customer);
    if (!past.ok()) return past.status();
    overrun.limits += past->customers;
    overrun.orders += past->orders;
  }
  return overrun;
}

Result<std::vector<OverRedemption>> FindOverRedemptions(RedemptionStore& store,
                                                        const std::vector<Promotion>& promotions) {
  std::vector<OverRedemption> out;
  for (const Promotion& p : promotions) {
    if (!p.limit.any()) continue;
    // The counts first: the orders are read only for a promotion past a
    // limit, so a merge of a million orders within their limits holds none
    // of them (reading them took 380 MB after such a merge).
    Result<LimitOverrun> overrun = OverrunOf(store, p);
    if (!overrun.ok()) return overrun.status();
    if (overrun->limits == 0) continue;
    Result<std::vector<Redemption>> orders = store.OrdersUsing(p.id);
    if (!orders.ok()) return orders.status();
    if (p.limit.total && static_cast<std::int64_t>(orders->size()) > *p.limit.total) {
      out.push_back({p.id, "total", "", *p.limit.total, *orders, static_cast<std::size_t>(*p.limit.total)});
    }
    if (!p.limit.per_customer) continue;
    std::map<std::string, std::vector<Redemption>> by_customer;
    for (const Redemption& r : *orders) {
      if (!r.customer.empty()) by_customer[r.customer].push_back(r);
    }
    for (auto& [customer, theirs] : by_customer) {
      if (static_cast<std::int64_t>(theirs.size()) <= *p.limit.per_customer) continue;
      out.push_back({p.id, "per_customer", customer, *p.limit.per_customer, std::move(theirs),
                     static_cast<std::size_t>(*p.limit.per_customer)});
    }
  }
  return out;
}

Value OverRedemptionRecord(const OverRedemption& o, TimePoint ts) {
  Value record = Value::object({{"kind", "over_redemption"},
                                {"v", 1},
                                {"ts", FormatRfc3339(ts)},
                                {"promotion", o.promotion},
                                {"scope", o.scope}});
  if (!o.customer.empty()) record.set("customer", o.customer);
  record.set("limit", o.limit);
  record.set("used", static_cast<std::int64_t>(o.orders.size()));
  Value orders = Value::array();
  for (std::size_t i = 0; i < o.orders.size(); ++i) {
    const Redemption& r = o.orders[i];
    orders.push_back(Value::object({{"order", r.order},
                                    {"kiosk", r.kiosk},
                                    {"at", FormatRfc3339(r.at)},
                                    {"over", i >= o.over_from}}));
  }
  record.set("orders", std::move(orders));
  return record;
}

bool StoreUsageLimits::Exhausted(const Promotion& promotion, const Cart& cart) const {
  if (!promotion.limit.any() || !error_.ok()) return false;
  if (promotion.limit.total) {
    Result<std::int64_t> used = store_.Uses(promotion.id);
    if (!used.ok()) {
      error_ = used.status();
      return false;
    }
    if (*used >= *promotion.limit.total) return true;
  }
  if (promotion.limit.per_customer) {
    if (cart.customer.empty()) return true;
    Result<std::int64_t> used = store_.UsesBy(promotion.id, cart.customer);
    if (!used.ok()) {
      error_ = used.status();
      return false;
    }
    if (*used >= *promotion.limit.per_customer) return true;
  }
  return false;
}

}  // namespace evt::price
