// The test oracle for the quote writer (tools/price/quote_json.h): the
// `quote` record built as a Value, in the plainest way, for AppendJson to
// write. The unit tests hold the writer to its bytes and the fixtures to
// the record schema through it; production writes with QuoteJson only.
#pragma once

#include <string>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/price/engine.h"
#include "tools/price/quote.h"

namespace evt::price::testing {

namespace oracle {

inline const std::string& IdOf(const PriceEngine& engine, std::size_t promotion) {
  return engine.promotions()[promotion].id;
}

inline Value LineRecord(const QuoteLine& line, const PriceEngine& engine) {
  Value discounts = Value::array();
  for (const LineDiscount& d : line.discounts) {
    discounts.push_back(Value::object({{"promotion", IdOf(engine, d.promotion)}, {"amount", d.amount}}));
  }
  Value out = Value::object({{"sku", line.item->sku},
                             {"name", line.item->name},
                             {"unit_price", line.item->price},
                             {"qty", line.qty},
                             {"gross", line.gross},
                             {"discounts", std::move(discounts)},
                             {"discount", line.discount},
                             {"net", line.net}});
  if (line.item->tax_class != kNoTaxClass) {
    out.set("tax_class", engine.catalog().tax_classes[static_cast<std::size_t>(line.item->tax_class)].name);
  }
  out.set("tax", line.tax);
  out.set("total", line.total);
  return out;
}

inline Value AppliedRecord(const Applied& applied, const PriceEngine& engine) {
  const Promotion& promo = engine.promotions()[applied.promotion];
  Value lines = Value::array();
  for (const TouchedLine& t : applied.lines) {
    lines.push_back(Value::object({{"line", t.line}, {"units", t.units}, {"amount", t.amount}}));
  }
  Value out = Value::object({{"promotion", promo.id}, {"kind", std::string(KindName(promo.kind))}, {"amount", applied.amount}});
  if (applied.capped) out.set("capped", true);
  out.set("lines", std::move(lines));
  return out;
}

inline Value RejectedRecord(const Rejected& rejected, const PriceEngine& engine) {
  Value out = Value::object();
  if (rejected.promotion) out.set("promotion", IdOf(engine, *rejected.promotion));
  if (!rejected.code.empty()) out.set("code", rejected.code);
  out.set("reason", std::string(ReasonName(rejected.reason)));
  return out;
}

inline Value TaxRecord(const TaxTotal& tax, const Catalog& catalog) {
  const TaxClass& c = catalog.tax_classes[static_cast<std::size_t>(tax.tax_class)];
  return Value::object({{"tax_class", c.name},
                        {"rate", static_cast<double>(c.rate.scaled) / static_cast<double>(kRateScale)},
                        {"base", tax.base},
                        {"tax", tax.tax}});
}

}  // namespace oracle

inline Value MakeQuoteRecord(const Quote& quote, const PriceEngine& engine, TimePoint ts) {
  const Catalog& catalog = engine.catalog();
  Value record = Value::object({{"kind", "quote"}, {"v", 1}, {"ts", FormatRfc3339(ts)}, {"cart", quote.cart}});
  if (!quote.customer.empty()) record.set("customer", quote.customer);
  record.set("at", FormatRfc3339(quote.at));
  record.set("currency", catalog.currency);
  record.set("tax_mode", catalog.tax_mode == TaxMode::kInclusive ? "inclusive" : "exclusive");
  Value lines = Value::array();
  for (const QuoteLine& line : quote.lines) lines.push_back(oracle::LineRecord(line, engine));
  record.set("lines", std::move(lines));
  for (const AmountField& field : kQuoteAmounts) record.set(field.key, quote.*field.member);
  Value taxes = Value::array();
  for (const TaxTotal& t : quote.taxes) taxes.push_back(oracle::TaxRecord(t, catalog));
  record.set("taxes", std::move(taxes));
  Value applied = Value::array();
  for (const Applied& a : quote.applied) applied.push_back(oracle::AppliedRecord(a, engine));
  record.set("applied", std::move(applied));
  Value rejected = Value::array();
  for (const Rejected& r : quote.rejected) rejected.push_back(oracle::RejectedRecord(r, engine));
  record.set("rejected", std::move(rejected));
  if (quote.search) {
    record.set("search", Value::object({{"strategy", "best"},
                                        {"evaluated", static_cast<std::int64_t>(quote.search->evaluated)},
                                        {"exhaustive", quote.search->exhaustive}}));
  }
  return record;
}

}  // namespace evt::price::testing
