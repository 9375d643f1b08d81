// The live view of a load run on a terminal: rate against the target, the
// last minute as sparklines, corrected and uncorrected percentiles, errors,
// requests in flight and schedule slip. Redrawn in place on stderr once a
// second, as each window closes; records stay on stdout.
#pragma once

#include <array>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "common/cli_common_options.h"
#include "common/output_mode.h"
#include "common/status.h"
#include "tools/load/load_window.h"

namespace evt::load {

// On stderr, only when it is a terminal and stdout is one too without
// --json: a pipe or a log never gets cursor movements.
bool WantLiveView(const CommonOptions& options, const TerminalEnv& env);

// What the view keeps of one window: figures, not histograms (a window's
// histograms are far larger than a minute of these).
struct ViewPoint {
  double seconds = 0;
  double target_rate = 0;
  double achieved_rate = 0;
  std::int64_t completed = 0;
  std::array<double, 4> corrected_ms{};    // p50, p90, p99, p99.9
  std::array<double, 4> uncorrected_ms{};  // the same from the actual send
  std::array<std::int64_t, kErrorClasses> errors{};
  std::int64_t in_flight = 0;
  std::int64_t slipped = 0;
  std::int64_t held_back = 0;
  double slip_p99_ms = 0;
};

ViewPoint PointOf(const LoadWindow& window);

// The last kHistory windows, oldest first, and the run's totals so far.
class ViewHistory {
 public:
  static constexpr std::size_t kHistory = 60;
  void Add(const ViewPoint& point);
  const std::deque<ViewPoint>& points() const { return points_; }
  double elapsed_seconds() const { return elapsed_seconds_; }

 private:
  std::deque<ViewPoint> points_;
  double elapsed_seconds_ = 0;
};

// The view as lines (no newlines), none wider than `width` display
// columns; at 40 columns and up every figure is shown, narrower the
// sparklines shorten and lines wrap. Empty before the first window.
// `title` (the URL, flow or replay file) is cut to fit.
std::vector<std::string> LiveViewLines(const ViewHistory& history, const std::string& title, int width);

// Draws the view on a terminal stream and redraws it in place.
class LiveView {
 public:
  LiveView(std::FILE* out, std::string title) : out_(out), title_(std::move(title)) {}
  // Adds the window and redraws.
  Status OnWindow(const LoadWindow& window);
  const ViewHistory& history() const { return history_; }

 private:
  std::FILE* out_;
  std::string title_;
  ViewHistory history_;
  int drawn_lines_ = 0;
};

}  // namespace evt::load
