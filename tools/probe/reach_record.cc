#include "tools/probe/reach_record.h"

#include <cmath>
#include <cstdio>

#include "common/table.h"

namespace evt::probe {
namespace {

double RoundRatio(double ratio) { return std::round(ratio * 10000.0) / 10000.0; }

Value DirectionFigures(const ReachDirection& direction, bool reaches) {
  return Value::object({{"attempts", direction.attempts},
                        {"ok", direction.ok},
                        {"ok_ratio", RoundRatio(direction.OkRatio())},
                        {"reaches", reaches}});
}

std::string Fraction(const ReachDirection& direction) {
  return std::to_string(direction.ok) + "/" + std::to_string(direction.attempts);
}

}  // namespace

Value ReachRecord(const ReachPair& pair, const ReachReport& report) {
  const auto window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(report.end - report.start).count();
  Value record = Value::object({{"kind", "probe.reach"},
                                {"v", 1},
                                {"ts", FormatRfc3339(report.end)},
                                {"from", pair.there.from},
                                {"to", pair.there.to},
                                {"window_ms", static_cast<std::int64_t>(window_ms)}});
  const Value figures = DirectionFigures(pair.there, pair.reaches);
  for (const auto& [key, value] : figures.as_object()) record.set(key, value);
  if (pair.there.last_ok) record.set("last_ok", FormatRfc3339(*pair.there.last_ok));
  if (!pair.there.last_error.empty()) record.set("last_error", pair.there.last_error);
  if (pair.back) record.set("back", DirectionFigures(*pair.back, *pair.back_reaches));
  record.set("asymmetric", pair.Asymmetric());
  return record;
}

std::string ReachTable(const ReachReport& report, bool color, int width) {
  Table table;
  table.AddColumn("from", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("to", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("ok", {.align = Align::kRight});
  table.AddColumn("back", {.align = Align::kRight, .priority = Priority::kLow});
  table.AddColumn("verdict", {.fit = Fit::kWrap, .priority = Priority::kHigh});
  table.AddColumn("last error", {.fit = Fit::kWrap});
  for (const ReachPair& pair : report.pairs) {
    Cell verdict = pair.reaches ? Cell("reaches", Style::kOk) : Cell("does not reach", Style::kBad);
    if (pair.Asymmetric()) {
      verdict = Cell(pair.reaches ? "ASYMMETRIC: reaches, not reached back" : "ASYMMETRIC: reached, does not reach",
                     Style::kWarn);
    }
    table.AddRow({pair.there.from, pair.there.to, Fraction(pair.there), pair.back ? Fraction(*pair.back) : "-",
                  verdict, pair.there.last_error});
  }
  return table.Render(color, width);
}

}  // namespace evt::probe
