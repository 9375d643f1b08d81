#include "tools/price/receipt.h"

#include "common/table.h"
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
  for (const char* header :
       {"sku", "name", "qty", "unit", "gross", "discount", DiscountedHeader(catalog.tax_mode), "tax", "total"}) {
    table.AddColumn(header);
  }
  for (const QuoteLine& line : quote.lines) {
    table.AddRow({line.item->sku, line.item->name, std::to_string(line.qty), amount(line.item->price),
                  amount(line.gross),
                  line.discount > 0 ? Cell(amount(-line.discount), Style::kOk) : Cell(""),
                  amount(line.net), amount(line.tax), amount(line.total)});
  }
  return table.Render(color, width);
}

std::string Explanation(const Quote& quote, const PriceEngine& engine) {
  auto amount = [&](Money m) { return FormatAmount(m, engine.catalog().minor_digits); };
  std::string out;
  for (const Applied& a : quote.applied) {
    const Promotion& p = engine.promotions()[a.promotion];
    std::int64_t units = 0;
    for (const TouchedLine& t : a.lines) units += t.units;
    out += "  applied      " + p.id + " (" + std::string(KindName(p.kind)) + ") " + amount(-a.amount) + " on " +
           std::to_string(units) + (units == 1 ? " unit" : " units") + (a.capped ? ", capped" : "") + "\n";
  }
  for (const Rejected& r : quote.rejected) {
    std::string what = r.promotion ? engine.promotions()[*r.promotion].id : "code " + r.code;
    out += "  not applied  " + what + ": " + std::string(ReasonName(r.reason)) + "\n";
  }
  return out;
}

}  // namespace

std::string RenderReceipt(const Quote& quote, const PriceEngine& engine, const TimeZone& zone, TimePoint now,
                          bool color, int width) {
  const Catalog& catalog = engine.catalog();
  auto amount = [&](Money m) { return FormatAmount(m, catalog.minor_digits); };
  std::string out = "cart " + quote.cart + (quote.customer.empty() ? "" : " (" + quote.customer + ")") + " at " +
                    FormatLocalTimeSeconds(quote.at, zone, now) + ", " + catalog.currency +
                    (catalog.tax_mode == TaxMode::kInclusive ? ", prices include tax\n" : ", tax added\n");
  out += LinesTable(quote, catalog, color, width);
  // The discount negated as a number, so none is 0.00, not -0.00.
  out += "subtotal " + amount(quote.subtotal) + "  discount " + amount(-quote.discount) + "  tax " +
         amount(quote.tax) + "  total " + amount(quote.total) + " " + catalog.currency + "\n";
  out += Explanation(quote, engine);
  return out + "\n";
}

}  // namespace evt::price
