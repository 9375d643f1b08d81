// One promotion as the engine applies it: what it targets, when and for whom
// it is valid, its conditions, and its kind with that kind's parameters.
// The file format is in evt-price(1) and promotion_parse.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "tools/price/money.h"
#include "tools/price/weekly_window.h"

namespace evt::price {

enum class PromotionKind {
  kPercentOff,      // percent off each target line, rounded once per line
  kAmountOff,       // an amount off each target unit, or spread over the target
  kFixedPrice,      // each target unit costs `price`
  kBuyXGetY,        // buy `buy`, get `get` at `percent` off
  kBundle,          // one unit of each component for `price`
  kTiered,          // the tier reached by the target quantity sets percent or amount
  kCartAmountOff,   // an amount off the target subtotal, allocated to lines
  kCartPercentOff,  // percent of the target subtotal, rounded once, allocated
  kLua,             // a Lua condition and amount over the cart (lua_rules.h), allocated
};

std::string_view KindName(PromotionKind kind);

// Which lines a promotion looks at: skus and/or tags; both empty means the
// whole cart.
struct Target {
  std::vector<std::string> skus;
  std::vector<std::string> tags;
  bool whole_cart() const { return skus.empty() && tags.empty(); }
};

struct Tier {
  std::int64_t min_qty = 1;
  std::optional<Rate> percent;   // exactly one of percent ...
  std::optional<Money> amount;   // ... and amount (off each unit)
};

// How many orders may use a promotion, counted across kiosks by the
// redemption store (redemption_store.h). One order counts once.
struct UsageLimit {
  std::optional<std::int64_t> total;         // orders, all customers together
  std::optional<std::int64_t> per_customer;  // orders per customer; anonymous carts may not use it
  bool any() const { return total || per_customer; }
};

struct Promotion {
  std::string id;
  PromotionKind kind = PromotionKind::kPercentOff;
  Target target;
  std::int64_t priority = 0;  // higher applies first; ties in order of id
  bool exclusive = false;     // once applied, stops every promotion after it
  std::string group;          // among members, only the largest discount applies
  std::string code;           // when set, the cart must carry it
  std::vector<std::string> segments;  // when set, the cart must share one

  std::optional<TimePoint> from;   // inclusive
  std::optional<TimePoint> until;  // exclusive
  std::vector<WeeklyWindow> windows;  // when set, one of them must be open
  const TimeZone* zone = nullptr;  // for windows; lives as long as the process

  std::optional<Money> min_subtotal;       // of the target lines, as left by earlier promotions
  std::optional<std::int64_t> min_qty;     // units in the target lines
  std::optional<Money> max_discount;       // cap on this promotion's total
  UsageLimit limit;

  // Kind parameters.
  Rate percent;                 // percent_off, cart_percent_off, buy_x_get_y (default 100)
  Money amount = 0;             // amount_off, cart_amount_off
  bool spread = false;          // amount_off: "across" the target rather than "each" unit
  Money price = 0;              // fixed_price (per unit), bundle (per bundle)
  std::int64_t buy = 0;         // buy_x_get_y
  std::int64_t get = 0;
  bool cheapest = true;         // buy_x_get_y: discount the cheapest units (else the dearest)
  std::optional<std::int64_t> max_applications;  // buy_x_get_y, bundle
  std::vector<Target> components;  // bundle
  std::vector<Tier> tiers;         // tiered, by min_qty ascending
  std::string lua_condition;       // lua: a chunk returning true when it applies; empty: always
  std::string lua_amount;          // lua: a chunk returning the amount off the target
};

}  // namespace evt::price
