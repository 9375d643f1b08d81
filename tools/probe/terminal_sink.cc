#include "tools/probe/terminal_sink.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "common/number_text.h"
#include "common/output_mode.h"
#include "common/sparkline.h"
#include "common/table.h"

namespace evt::probe {
namespace {

constexpr std::size_t kHistory = 30;
constexpr std::chrono::milliseconds kRedrawEvery{200};

std::string Millis(double ms) { return ThreeDigitText(ms); }

std::string Percent(double ratio) { return PercentText(ratio); }

std::string RowKey(const std::string& target, const std::string& subject) { return target + "\n" + subject; }

}  // namespace

TerminalSink::Row& TerminalSink::RowFor(const std::string& key) {
  auto it = rows_.find(key);
  if (it != rows_.end()) return it->second;
  order_.push_back(key);
  return rows_[key];
}

Status TerminalSink::OnProbe(const ProbeResult& r) {
  Row& row = RowFor(RowKey(r.target, r.subject));
  row.check = CheckTypeName(r.type);
  row.subject = r.subject;
  row.history.push_back(r.ok ? r.total_ms : std::numeric_limits<double>::quiet_NaN());
  if (row.history.size() > kHistory) row.history.pop_front();
  row.last = r;
  return live_ ? Draw(false) : Status::Ok();
}

Status TerminalSink::OnWindow(const WindowIdentity& who, const WindowSummary& summary) {
  // A window is per target; show it on every row of that target.
  for (auto& [key, row] : rows_)
    if (key.starts_with(who.target + "\n")) row.window = summary;
  return live_ ? Draw(false) : Status::Ok();
}

Status TerminalSink::OnEnd() { return Draw(true); }

std::string TerminalSink::Render(int width) const {
  Table table;
  // Targets are URLs that often differ only in a port or a path: cut in the middle.
  table.AddColumn("target", {.fit = Fit::kMiddle, .priority = Priority::kKey});
  table.AddColumn("check", {.priority = Priority::kLow});
  table.AddColumn("result", {.priority = Priority::kHigh});
  table.AddColumn("ms", {.priority = Priority::kHigh});
  table.AddColumn("latency", {.priority = Priority::kLow});
  table.AddColumn("loss");
  table.AddColumn("p50", {.priority = Priority::kLow});
  table.AddColumn("p95");
  table.AddColumn("cache", {.priority = Priority::kLow});
  table.AddColumn("detail", {.fit = Fit::kWrap, .priority = Priority::kHigh});
  for (const std::string& key : order_) {
    const Row& row = rows_.at(key);
    const ProbeResult& r = *row.last;
    std::vector<double> history(row.history.begin(), row.history.end());
    Cell result = r.ok ? Cell("ok", Style::kOk) : Cell("FAIL", Style::kBad);
    // A config target's row names what it probes; a command-line one is already named by it.
    std::string detail = !r.ok ? r.error : row.subject == r.target ? "" : row.subject;
    std::string loss, p50, p95;
    if (row.window) {
      loss = Percent(row.window->loss);
      if (row.window->p50_ms) p50 = Millis(*row.window->p50_ms);
      if (row.window->p95_ms) p95 = Millis(*row.window->p95_ms);
    }
    Style loss_style = row.window && row.window->loss > 0 ? Style::kWarn : Style::kPlain;
    std::string cache = r.type == CheckType::kHttp ? std::string(CacheStatusName(r.cache.status)) : "";
    table.AddRow({r.target, row.check, result, r.ok ? Millis(r.total_ms) : "", Sparkline(history, 0.0),
                  Cell(loss, loss_style), p50, p95, cache, Cell(detail, r.ok ? Style::kDim : Style::kBad)});
  }
  return table.Render(color_, width);
}

Status TerminalSink::Draw(bool force) {
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < kRedrawEvery) return Status::Ok();
  last_draw_ = now;
  if (order_.empty()) return Status::Ok();
  std::string text = drawing_.Replace(Render(TerminalWidth(fileno(out_))));
  if (std::fwrite(text.data(), 1, text.size(), out_) != text.size() || std::fflush(out_) != 0)
    return Status::IoErr("write error");
  return Status::Ok();
}

}  // namespace evt::probe
