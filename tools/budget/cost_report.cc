#include "tools/budget/cost_report.h"

#include <cmath>
#include <cstdio>

#include "common/currency.h"
#include "common/number_text.h"
#include "common/table.h"

namespace evt::budget {
namespace {

constexpr std::int64_t kMicro = 1000000;
// A cost per 1000 units is a fraction of the minor unit: four digits more.
constexpr int kPerUnitDigits = 4;

std::optional<Rational> BoundFor(const BudgetConfig& config, const std::string& resource, std::int64_t per) {
  for (const BudgetSpec& b : config.budgets) {
    if (b.cost_per_1k && b.cost_per_1k->resource == resource) return b.cost_per_1k->max * Rational(per) / Rational(1000);
  }
  return std::nullopt;
}

double Tidy(double v) { return std::round(v * 1e6) / 1e6; }

std::string Fixed(double v, int decimals) { return FixedText(v, decimals); }

}  // namespace

Result<std::vector<CostLine>> CostReport(const BudgetConfig& config, Ledger& ledger, const std::string& resource,
                                         std::int64_t per, TimePoint now) {
  auto rate = config.rates.find(resource);
  if (rate == config.rates.end()) return Status::Usage("report: \"" + resource + "\" has no rate in budget.rates");
  TimePoint from = config.site.starts_at.value_or(TimePoint{});
  Result<std::vector<UsageTotal>> totals = ledger.UsageBetween(from, now + std::chrono::minutes(1));
  if (!totals.ok()) return totals.status();
  std::optional<Rational> bound = BoundFor(config, resource, per);
  std::vector<CostLine> out;
  for (const UsageTotal& u : *totals) {
    if (u.resource != resource || u.qty_micro == 0) continue;
    CostLine line{u.component, u.qty_micro, Rational(u.qty_micro) * rate->second.PerUnit() / Rational(kMicro), {}, bound};
    line.cost_per = line.cost * Rational(per * kMicro) / Rational(u.qty_micro);
    out.push_back(line);
  }
  return out;
}

Value CostRecord(const CostLine& line, const std::string& resource, const std::string& currency, std::int64_t per,
                 TimePoint now) {
  Value r = Value::object({{"kind", "budget.cost"}, {"v", 1}, {"ts", FormatRfc3339(now)},
                           {"component", line.component}, {"resource", resource},
                           {"qty", line.qty_micro % kMicro == 0 ? Value(line.qty_micro / kMicro)
                                                                : Value(Tidy(static_cast<double>(line.qty_micro) / kMicro))},
                           {"cost", line.cost.RoundHalfUp()}, {"currency", currency}, {"per", per},
                           {"cost_per", Tidy(line.cost_per.ToDouble())}});
  if (line.max) {
    r.set("max", Tidy(line.max->ToDouble()));
    r.set("over", line.cost_per > *line.max);
  }
  return r;
}

std::string CostTable(const std::vector<CostLine>& lines, const std::string& resource, const std::string& currency,
                      std::int64_t per, bool color, int width) {
  Table t;
  t.AddColumn("component", {.align = Align::kLeft, .fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn(resource, {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("cost " + currency, {.align = Align::kRight});
  t.AddColumn("per " + std::to_string(per), {.align = Align::kRight, .priority = Priority::kHigh});
  t.AddColumn("bound", {.align = Align::kRight, .priority = Priority::kLow});
  for (const CostLine& l : lines) {
    bool over = l.max && l.cost_per > *l.max;
    t.AddRow({l.component, Fixed(static_cast<double>(l.qty_micro) / kMicro, 0),
              MajorUnitsText(static_cast<double>(l.cost.RoundHalfUp()), currency),
              Cell(MajorUnitsText(l.cost_per.ToDouble(), currency, kPerUnitDigits), over ? Style::kBad : Style::kOk),
              l.max ? MajorUnitsText(l.max->ToDouble(), currency, kPerUnitDigits) : "-"});
  }
  return t.Render(color, width);
}

}  // namespace evt::budget
