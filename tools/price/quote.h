// A priced cart: the product of PriceEngine::Price, turned into a `quote`
// record by quote_json.h and into a receipt by receipt.h.
//
// Invariants (the property tests hold the engine to them):
//   line.net = line.gross - line.discount; line.discount = sum of line.discounts
//   line.total = line.net (tax-inclusive) or line.net + line.tax (exclusive)
//   subtotal = sum gross; discount = sum line discounts = sum applied amounts;
//   tax = sum line tax = sum of taxes; total = sum line totals >= 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_format.h"
#include "tools/price/catalog.h"
#include "tools/price/money.h"

namespace evt::price {

struct LineDiscount {
  std::size_t promotion = 0;  // index into PriceEngine::promotions()
  Money amount = 0;
};

struct QuoteLine {
  const Item* item = nullptr;
  std::int64_t qty = 0;
  Money gross = 0;     // unit price * qty
  std::vector<LineDiscount> discounts;  // in the order the promotions applied
  Money discount = 0;
  Money net = 0;       // gross - discount
  Money tax = 0;       // contained in net (inclusive) or added to it (exclusive)
  Money total = 0;     // what the customer pays for the line
};

// The units of one line a promotion touched, and what it took off them.
struct TouchedLine {
  std::size_t line = 0;  // index in the cart's lines, as given
  std::int64_t units = 0;
  Money amount = 0;
};

struct Applied {
  std::size_t promotion = 0;
  Money amount = 0;
  bool capped = false;  // max_discount cut it
  std::vector<TouchedLine> lines;
};

enum class RejectReason {
  kNotActive,
  kCodeMissing,
  kCodeUnknown,
  kSegmentMismatch,
  kBelowMinSubtotal,
  kBelowMinQty,
  kUsageLimitReached,
  kStoppedByExclusive,
  kLostInGroup,
  kNothingToDiscount,
  kNoTargetInCart,
  kNotBestDeal,  // --strategy best: an exclusive the cheapest combination leaves out
  kRuleNotMet,   // lua: its condition returned false
  kRuleFailed,   // lua: the rule erred, exceeded a limit or returned no integer amount
};

std::string_view ReasonName(RejectReason reason);

struct Rejected {
  std::optional<std::size_t> promotion;  // absent for an unknown code
  std::string code;                      // the code, for code_unknown
  RejectReason reason = RejectReason::kNotActive;
};

struct TaxTotal {
  int tax_class = kNoTaxClass;
  Money base = 0;  // the lines' net amounts
  Money tax = 0;   // the sum of the lines' tax
};

struct Quote {
  std::string cart;
  std::string customer;
  TimePoint at;
  std::vector<QuoteLine> lines;  // in the cart's order
  Money subtotal = 0;
  Money discount = 0;
  Money tax = 0;
  Money total = 0;
  std::vector<TaxTotal> taxes;
  std::vector<Applied> applied;  // in the order they applied
  std::vector<Rejected> rejected;
  // --strategy best: how the quote was found (best_deal.h); absent for
  // priority order.
  struct Search {
    std::size_t evaluated = 0;  // combinations priced
    bool exhaustive = true;     // every combination was; else a bounded local search
  };
  std::optional<Search> search;
};

// The amounts a record carries as plain integers, in record order: the one
// list the writer (quote_json.h) and its test oracle both take them from,
// so a new amount is a member here, a row here, and its line in the schema
// (schemas/records/quote.json).
struct AmountField {
  std::string_view key;
  Money Quote::*member;
};
inline constexpr AmountField kQuoteAmounts[] = {
    {"subtotal", &Quote::subtotal}, {"discount", &Quote::discount}, {"tax", &Quote::tax}, {"total", &Quote::total}};

}  // namespace evt::price
