#include "tools/budget/status_output.h"

#include <cmath>
#include <cstdio>

#include "common/currency.h"
#include "common/number_text.h"
#include "common/sparkline.h"
#include "common/table.h"
#include "common/text_fit.h"
#include "common/time_display.h"

namespace evt::budget {
namespace {

constexpr int kBarWidth = 12;

std::string Fixed(double v, int decimals) { return FixedText(v, decimals); }

std::string Amount(const BudgetStatus& s, double v) {
  switch (s.spec->unit) {
    case BudgetUnit::kMoney: return MajorUnitsText(v, s.spec->currency) + " " + s.spec->currency;
    case BudgetUnit::kEnergy: return Fixed(v, 0) + " Wh";
    case BudgetUnit::kError: return Fixed(v, v == std::floor(v) ? 0 : 3) + " bad";
  }
  return Fixed(v, 2);
}

Style StyleOf(State state) {
  switch (state) {
    case State::kOk: return Style::kOk;
    case State::kWarn: return Style::kWarn;
    case State::kOver: return Style::kBad;
  }
  return Style::kPlain;
}

std::string RunsOut(const BudgetStatus& s, const TimeZone& zone, TimePoint now) {
  if (!s.runs_out_at) return "-";
  return FormatLocalTime(*s.runs_out_at, zone, now) + (*s.runs_out_at > s.window_end ? " (after end)" : "");
}

}  // namespace

std::string BudgetTable(const std::vector<BudgetStatus>& budgets, bool color, int width, const TimeZone& zone,
                        TimePoint now) {
  Table t;
  t.AddColumn("budget", {.align = Align::kLeft, .priority = Priority::kKey});
  t.AddColumn("state", {.align = Align::kLeft, .priority = Priority::kHigh});
  t.AddColumn("spent", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("limit", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("used", {.align = Align::kLeft, .priority = Priority::kHigh});
  t.AddColumn("burn", {.align = Align::kRight});
  t.AddColumn("forecast", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("runs out", {.align = Align::kLeft, .fit = Fit::kWrap});
  t.AddColumn("trend", {.align = Align::kLeft, .priority = Priority::kLow});
  for (const BudgetStatus& s : budgets) {
    std::string bar = "[" + Bar(s.ratio, kBarWidth) + "] " + Fixed(s.ratio * 100, 0) + "%";
    t.AddRow({s.spec->name, Cell(std::string(StateName(s.state)), StyleOf(s.state)),
              s.has_data ? Amount(s, s.spent) : "-", Amount(s, s.limit), Cell(bar, StyleOf(s.state)),
              Fixed(s.burn_rate, 2) + "x", s.has_data ? Amount(s, s.forecast) : "-", RunsOut(s, zone, now),
              Sparkline(s.burn_series)});
  }
  std::string out = t.Render(color, width);
  for (const BudgetStatus& s : budgets) {
    if (s.reason.empty()) continue;
    // Wrapped, not cut: the reason is why a tier is shed.
    const std::string lines = WrapLines(s.spec->name + ": " + s.reason, width);
    for (std::size_t start = 0, end; (end = lines.find('\n', start)) != std::string::npos; start = end + 1) {
      out += Styled(lines.substr(start, end - start), StyleOf(s.state), color) + "\n";
    }
  }
  return out;
}

std::string DecisionLine(const GovernorDecision& d, const BudgetConfig& config, bool color) {
  std::string shed;
  for (const auto& [name, spec] : config.components) {
    if (IsShed(spec.tier, d.level)) shed += (shed.empty() ? "" : ", ") + name;
  }
  std::string line = std::string(ActionName(d.action)) + ": level " + std::to_string(d.level);
  if (!shed.empty()) line += " (shed " + shed + ")";
  line += ": " + d.reason;
  Style style = d.action == Action::kShed ? Style::kBad : d.level > 0 ? Style::kWarn : Style::kOk;
  return Styled(line, style, color) + "\n";
}

}  // namespace evt::budget
