#include "tools/load/live_view.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "common/number_text.h"
#include "common/sparkline.h"
#include "common/text_width.h"

namespace evt::load {
namespace {

constexpr std::array<double, 4> kQuantiles = {50, 90, 99, 99.9};
constexpr std::array<const char*, 4> kQuantileNames = {"p50", "p90", "p99", "p99.9"};

std::string Millis(double ms) { return ThreeDigitText(ms); }

std::string Rate(double per_second) { return FixedText(per_second, 0) + "/s"; }

std::string PadLeft(const std::string& text, int width) {
  return std::string(static_cast<std::size_t>(std::max(0, width - DisplayWidth(text))), ' ') + text;
}

std::string PadRight(const std::string& text, int width) {
  return text + std::string(static_cast<std::size_t>(std::max(0, width - DisplayWidth(text))), ' ');
}

std::string TitleLine(const ViewHistory& history, const std::string& title, int width) {
  std::string elapsed = "  " + SecondsDurationText(history.elapsed_seconds());
  std::string head = "evt-load " + SanitizeForTerminal(title);
  return TruncateToWidth(head, width - DisplayWidth(elapsed)) + elapsed;
}

std::string RateLine(const ViewPoint& now, int width) {
  std::string head = "rate  " + Rate(now.achieved_rate) + " of " + Rate(now.target_rate) + " ";
  double fraction = now.target_rate > 0 ? now.achieved_rate / now.target_rate : 1.0;
  std::string tail = " " + PercentText(fraction);
  int bar = width - DisplayWidth(head) - DisplayWidth(tail);
  return head + Bar(fraction, std::min(bar, 30)) + tail;
}

// The newest values that fit after the label, oldest first, on a scale
// from 0 to the largest of `value` and `ceiling` over them.
template <class Value, class Ceiling>
std::string SparkLine(const char* label, const std::deque<ViewPoint>& points, int width, Value value,
                      Ceiling ceiling) {
  std::size_t n = std::min(points.size(), static_cast<std::size_t>(std::max(0, width - 6)));
  std::vector<double> values;
  double top = 0;
  for (std::size_t i = points.size() - n; i < points.size(); ++i) {
    values.push_back(value(points[i]));
    top = std::max({top, values.back(), ceiling(points[i])});
  }
  return PadRight(label, 6) + Sparkline(values, 0.0, top > 0 ? top : 1.0);
}

std::vector<std::string> PercentileRows(const ViewPoint& now, int width) {
  const bool wide = width >= 60;
  const int label = wide ? 12 : 8;
  const int column = wide ? 9 : 8;
  std::string header = PadRight("ms", label);
  for (const char* name : kQuantileNames) header += PadLeft(name, column);
  auto row = [&](const char* name, const std::array<double, 4>& ms) {
    std::string line = PadRight(name, label);
    for (double v : ms) line += PadLeft(now.completed > 0 ? Millis(v) : "-", column);
    return line;
  };
  return {header, row(wide ? "corrected" : "corr", now.corrected_ms),
          row(wide ? "uncorrected" : "uncorr", now.uncorrected_ms)};
}

std::vector<std::string> StatusSegments(const ViewPoint& now) {
  std::int64_t failed = 0;
  for (std::int64_t n : now.errors) failed += n;
  double ratio = now.completed > 0 ? static_cast<double>(failed) / static_cast<double>(now.completed) : 0;
  std::vector<std::string> segments = {failed == 0 ? "errors none" : "errors " + SignificantText(ratio * 100, 3) + "%"};
  for (std::size_t i = 0; i < kErrorClasses; ++i)
    if (now.errors[i] > 0)
      segments.push_back(std::string(ErrorClassName(static_cast<ErrorClass>(i))) + " " + std::to_string(now.errors[i]));
  segments.push_back("in flight " + std::to_string(now.in_flight));
  segments.push_back("slip p99 " + Millis(now.slip_p99_ms) + " ms");
  segments.push_back("slipped " + std::to_string(now.slipped));
  segments.push_back("held back " + std::to_string(now.held_back));
  return segments;
}

// Segments two spaces apart, a new line where the next would not fit.
std::vector<std::string> Wrapped(const std::vector<std::string>& segments, int width) {
  std::vector<std::string> lines;
  std::string line;
  for (const std::string& s : segments) {
    if (!line.empty() && DisplayWidth(line) + 2 + DisplayWidth(s) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : "  ") + s;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

bool WantLiveView(const CommonOptions& options, const TerminalEnv& env) {
  return !WantRecords(options, env) && IsTerminal(STDERR_FILENO, env);
}

ViewPoint PointOf(const LoadWindow& w) {
  ViewPoint p;
  p.seconds = w.seconds;
  p.target_rate = w.target_rate;
  p.achieved_rate = w.achieved_rate();
  p.completed = w.completed;
  for (std::size_t i = 0; i < kQuantiles.size(); ++i) {
    p.corrected_ms[i] = static_cast<double>(w.corrected.ValueAtPercentile(kQuantiles[i])) / 1000;
    p.uncorrected_ms[i] = static_cast<double>(w.uncorrected.ValueAtPercentile(kQuantiles[i])) / 1000;
  }
  p.errors = w.errors;
  p.in_flight = w.in_flight;
  p.slipped = w.slipped;
  p.held_back = w.held_back;
  p.slip_p99_ms = static_cast<double>(w.slip.ValueAtPercentile(99)) / 1000;
  return p;
}

void ViewHistory::Add(const ViewPoint& point) {
  points_.push_back(point);
  if (points_.size() > kHistory) points_.pop_front();
  elapsed_seconds_ += point.seconds;
}

std::vector<std::string> LiveViewLines(const ViewHistory& history, const std::string& title, int width) {
  if (history.points().empty()) return {};
  const ViewPoint& now = history.points().back();
  std::vector<std::string> lines = {TitleLine(history, title, width), RateLine(now, width),
                                    SparkLine(
                                        "rate", history.points(), width,
                                        [](const ViewPoint& p) { return p.achieved_rate; },
                                        [](const ViewPoint& p) { return p.target_rate; }),
                                    SparkLine(
                                        "p99", history.points(), width,
                                        [](const ViewPoint& p) { return p.corrected_ms[2]; },
                                        [](const ViewPoint&) { return 0.0; })};
  for (std::string& row : PercentileRows(now, width)) lines.push_back(std::move(row));
  for (std::string& line : Wrapped(StatusSegments(now), width)) lines.push_back(std::move(line));
  // Below 40 columns the fixed parts no longer fit: cut rather than wrap the terminal's lines.
  for (std::string& line : lines)
    if (DisplayWidth(line) > width) line = TruncateToWidth(line, width, "");
  return lines;
}

Status LiveView::OnWindow(const LoadWindow& window) {
  history_.Add(PointOf(window));
  std::string text;
  // Back over the previous drawing, so the view updates in place.
  if (drawn_lines_ > 0) text += "\x1b[" + std::to_string(drawn_lines_) + "A\x1b[J";
  std::vector<std::string> lines = LiveViewLines(history_, title_, TerminalWidth(fileno(out_)));
  for (const std::string& line : lines) text += line + "\n";
  drawn_lines_ = static_cast<int>(lines.size());
  if (std::fwrite(text.data(), 1, text.size(), out_) != text.size() || std::fflush(out_) != 0)
    return Status::IoErr("write error");
  return Status::Ok();
}

}  // namespace evt::load
