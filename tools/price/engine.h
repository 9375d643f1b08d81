// The offline price engine: a catalog and promotions, compiled once, price
// any number of carts. A quote depends only on the cart, the time and the
// usage limits given: no clock of its own, no result kept from one cart for
// the next. It is not pure in the C++ sense, though: Price() is const but
// works in scratch storage the engine owns (and its copies share), and a
// lua rule counts its failures in the engine, so one thread at a time per
// engine.
//
// The rules (each in evt-price(1) with a test):
// - Money is integer minor units. A percentage is exact and rounded half up
//   once per line; a discount spread over lines is allocated by largest
//   remainder (ties to the earlier line in sku order).
// - Promotions apply by priority (higher first; equal priorities by id),
//   each on the amounts left by those before. Within a group only the member
//   with the largest discount on the same amounts applies, at the place of
//   the group's first member. An applied exclusive promotion stops every
//   promotion after it.
// - Amounts do not depend on the order of the cart's lines: lines are
//   worked on in (sku, qty) order and reported in the cart's order.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/time_format.h"
#include "tools/price/cart.h"
#include "tools/price/catalog.h"
#include "tools/price/promotion.h"
#include "tools/price/quote.h"

namespace evt::price {

class LuaRules;
struct PricingScratch;

// How many more times a promotion may be used: the seam for redemption
// limits kept in state (counted across kiosks later).
class UsageLimits {
 public:
  virtual ~UsageLimits() = default;
  virtual bool Exhausted(const Promotion& promotion, const Cart& cart) const = 0;
};

// One combination of the choices priority order makes by itself, for the
// best-deal search (best_deal.h) to price.
struct DealPlan {
  static constexpr std::uint32_t kLargest = UINT32_MAX;
  std::vector<bool> skip;             // per promotion: an exclusive rejected as not_best_deal
  std::vector<std::uint32_t> member;  // per group: the member to apply, or kLargest (priority order's pick)
};

// Told a cart's items (catalog indices, in the cart's line order) as soon
// as pricing has found them, before any promotion runs: a quote writer
// fetches what it will write for them meanwhile, so its cache misses
// overlap the pricing instead of stalling the writing.
class ItemsListener {
 public:
  virtual void ItemsFound(std::span<const std::uint32_t> items) const = 0;

 protected:
  ~ItemsListener() = default;
};

struct PriceOptions {
  bool explain_all = false;              // also list promotions with no_target_in_cart
  const UsageLimits* usage = nullptr;    // none: no limits
  const DealPlan* plan = nullptr;        // none: priority order
  const ItemsListener* items = nullptr;  // none: nobody to tell
};

class PriceEngine {
 public:
  // Sorts the promotions into the order they apply and indexes them by the
  // skus and tags they target. A promotion may name skus the catalog does
  // not carry (one catalog per kiosk, one promotions file for all).
  static PriceEngine Build(Catalog catalog, std::vector<Promotion> promotions);

  // Prices `cart` at cart.at, or at `now` when the cart has none.
  // Errors (DataErr, naming the cart and the field): a sku not in the
  // catalog; amounts that overflow 64 bits; a lua rule past a sandbox limit
  // (naming the promotion and the limit; lua_rules.h).
  Result<Quote> Price(const Cart& cart, TimePoint now, const PriceOptions& options = {}) const;
  // The same into `quote`, reusing its storage (the stream's hot loop). On
  // error `quote` is unspecified.
  // Both work in the engine's scratch storage (scratch_), set aside for the
  // call; a call from within a call gets a fresh one. Hence one thread at a
  // time per engine and its copies.
  Status Price(const Cart& cart, TimePoint now, const PriceOptions& options, Quote& quote) const;

  const Catalog& catalog() const { return catalog_; }
  // In the order they apply.
  const std::vector<Promotion>& promotions() const { return promotions_; }
  // "promotion \"x\": its rule failed N times; first: ..." for every lua
  // rule that failed since Build.
  std::vector<std::string> RuleFailureReport() const;
  // Groups by index; a promotion's group, or kNoGroup.
  std::size_t group_count() const { return group_members_.size(); }
  const std::vector<std::uint32_t>& group_members(std::uint32_t group) const { return group_members_[group]; }
  std::uint32_t group_of(std::uint32_t promotion) const { return group_of_[promotion]; }
  // True when a promotion is a lua rule.
  bool has_rules() const { return lua_ != nullptr; }

 private:
  friend class CartPricing;
  Catalog catalog_;
  std::vector<Promotion> promotions_;
  // What pricing a line needs of its item, side by side: the catalog's
  // Items are large and scattered, and a cart's lines touch random ones.
  struct ItemFacts {
    Money price = 0;
    std::uint32_t rank = 0;              // its place in sku order
    std::uint32_t promotions_begin = 0;  // its range of promotions_of_items_ (4G entries: 16 GB)
    std::uint32_t promotions_end = 0;
    int tax_class = kNoTaxClass;
  };
  std::vector<ItemFacts> item_facts_;                // per item
  std::vector<std::uint32_t> promotions_of_items_;  // per item, sorted promotion indices, end to end
  std::vector<std::uint32_t> whole_cart_;           // promotions without a target
  // Per bundle promotion: the component each targeted item counts for.
  std::vector<std::unordered_map<std::uint32_t, std::uint32_t>> bundle_component_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> promotions_of_code_;
  std::vector<std::vector<std::uint32_t>> group_members_;  // per group, in order
  std::vector<std::uint32_t> group_of_;                    // per promotion; kNoGroup when none
  // The lua promotions' sandbox; null without any. Shared by copies of the
  // engine; like the engine, for one thread at a time.
  std::shared_ptr<LuaRules> lua_;
  // CartPricing's storage, kept from cart to cart; shared by copies of the
  // engine like lua_ (one thread at a time), and null in one made without
  // Build.
  std::shared_ptr<PricingScratch> scratch_;

 public:
  static constexpr std::uint32_t kNoGroup = UINT32_MAX;
};

}  // namespace evt::price
