#include "tools/detect/series_table.h"

#include <cmath>

#include "common/number_text.h"
#include "common/table.h"

namespace evt::detect {
namespace {

std::string Short(double v) { return std::isfinite(v) ? SignificantText(v, 4) : ""; }

std::string Expected(const Score& s) {
  if (!std::isfinite(s.expected_low) || !std::isfinite(s.expected_high)) return "";
  return Short(s.expected_low) + " .. " + Short(s.expected_high);
}

}  // namespace

std::string SeriesTable(const SeriesBank& bank, bool color, int width) {
  Table t;
  // A series key is "metric{labels}": its labels' tail tells two apart.
  t.AddColumn("series", {.align = Align::kLeft, .fit = Fit::kMiddle, .priority = Priority::kKey});
  t.AddColumn("detector", {.align = Align::kLeft, .priority = Priority::kLow});
  t.AddColumn("samples", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("value", {.align = Align::kRight, .priority = Priority::kHigh});
  t.AddColumn("score", {.align = Align::kRight});
  t.AddColumn("expected", {.align = Align::kLeft});
  t.AddColumn("raises", {.align = Align::kRight, .priority = Priority::kLow});
  t.AddColumn("state", {.align = Align::kLeft, .priority = Priority::kHigh});
  for (const auto& [key, s] : bank.series()) {
    const bool raised = s->rule.raised();
    std::string state = raised ? "RAISED" : (s->last.warm ? "ok" : "warming up");
    t.AddRow({key, std::string(s->detector->Kind()), std::to_string(s->samples), Short(s->last_value),
              s->last.warm ? Short(s->last.score) : "", Expected(s->last), std::to_string(s->raises),
              Cell(state, raised ? Style::kBad : Style::kPlain)});
  }
  return t.Render(color, width);
}

}  // namespace evt::detect
