#include "tools/price/receipt.h"

#include "common/table.h"
#include "common/text_fit.h"
#include "common/time_display.h"
#include "common/time_format.h"
#include "tools/price/money.h"

namespace evt::price {

namespace {

// Gross less discount: "net" of tax only where tax is added on top; where
// prices include tax it still holds the tax, and calling it net would say
// otherwise.
const char* DiscountedHeader(TaxMode mode) { return mode == TaxMode::kInclusive ? "discounted" : "net"; }

std::string LinesTable(const Quote& quote, const Catalog& catalog, bool color, int width) {
  auto amount = [&](Money m) { return FormatAmount(m, catalog.minor_digits); };
  Table table;
  // What the customer pays and for what stays; the arithmetic in between
  // goes first on a narrow screen (the totals line under the table has it).
  table.AddColumn("sku", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("name", {.fit = Fit::kWrap, .priority = Priority::kHigh});
  table.AddColumn("qty", {.priority = Priority::kHigh});
  table.AddColumn("unit", {.priority = Priority::kLow});
  table.AddColumn("gross", {.priority = Priority::kLow});
  table.AddColumn("discount");
  table.AddColumn(DiscountedHeader(catalog.tax_mode), {.priority = Priority::kLow});
  table.AddColumn("tax", {.priority = Priority::kLow});
  table.AddColumn("total", {.priority = Priority::kHigh});
  for (const QuoteLine& line : quote.lines) {
    table.AddRow({line.item->sku, line.item->name, std::to_string(line.qty), amount(line.item->price),
                  amount(line.gross),
                  line.discount > 0 ? Cell(amount(-line.discount), Style::kOk) : Cell(""),
                  amount(line.net), amount(line.tax), amount(line.total)});
  }
  return table.Render(color, width);
}

// Which promotions applied and why the others did not, as a table so that
// a long reason wraps under itself on a narrow screen.
std::string Explanation(const Quote& quote, const PriceEngine& engine, bool color, int width) {
  if (quote.applied.empty() && quote.rejected.empty()) return "";
  auto amount = [&](Money m) { return FormatAmount(m, engine.catalog().minor_digits); };
  Table table;
  table.AddColumn("promotion", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("result", {.priority = Priority::kHigh});
  table.AddColumn("why", {.fit = Fit::kWrap});
  for (const Applied& a : quote.applied) {
    const Promotion& p = engine.promotions()[a.promotion];
    std::int64_t units = 0;
    for (const TouchedLine& t : a.lines) units += t.units;
    table.AddRow({p.id, {"applied", Style::kOk},
                  std::string(KindName(p.kind)) + ": " + amount(-a.amount) + " on " + std::to_string(units) +
                      (units == 1 ? " unit" : " units") + (a.capped ? ", capped" : "")});
  }
  for (const Rejected& r : quote.rejected) {
    std::string what = r.promotion ? engine.promotions()[*r.promotion].id : "code " + r.code;
    table.AddRow({what, {"not applied", Style::kWarn}, std::string(ReasonName(r.reason))});
  }
  return table.Render(color, width);
}

}  // namespace

std::string RenderReceipt(const Quote& quote, const PriceEngine& engine, const TimeZone& zone, TimePoint now,
                          bool color, int width) {
  const Catalog& catalog = engine.catalog();
  auto amount = [&](Money m) { return FormatAmount(m, catalog.minor_digits); };
  std::string out = WrapLines("cart " + quote.cart + (quote.customer.empty() ? "" : " (" + quote.customer + ")") +
                                  " at " + FormatLocalTimeSeconds(quote.at, zone, now) + ", " + catalog.currency +
                                  (catalog.tax_mode == TaxMode::kInclusive ? ", prices include tax" : ", tax added"),
                              width);
  out += LinesTable(quote, catalog, color, width);
  // The discount negated as a number, so none is 0.00, not -0.00.
  out += WrapLines("subtotal " + amount(quote.subtotal) + "  discount " + amount(-quote.discount) + "  tax " +
                       amount(quote.tax) + "  total " + amount(quote.total) + " " + catalog.currency,
                   width);
  out += Explanation(quote, engine, color, width);
  return out + "\n";
}

}  // namespace evt::price
