// Results as a live table on a terminal: one row per target with its last
// outcome, a latency sparkline, and the last window's loss and percentiles.
// Redrawn in place (at most five times a second) while probing repeats.
#pragma once

#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/redraw.h"
#include "engine/probe/probe_sink.h"

namespace evt::probe {

class TerminalSink final : public ProbeSink {
 public:
  // `live`: redraw as results arrive; otherwise draw once at the end.
  TerminalSink(std::FILE* out, bool color, bool live) : out_(out), color_(color), live_(live) {}
  Status OnProbe(const ProbeResult& result) override;
  Status OnWindow(const WindowIdentity& who, const WindowSummary& summary) override;
  Status OnEnd() override;

  // The table as it stands (for tests).
  std::string Render(int width) const;

 private:
  struct Row {
    std::string check;
    std::string subject;
    std::optional<ProbeResult> last;
    std::deque<double> history;  // total_ms, NaN for a failure
    std::optional<WindowSummary> window;
  };

  Row& RowFor(const std::string& key);
  Status Draw(bool force);

  std::FILE* out_;
  bool color_;
  bool live_;
  std::vector<std::string> order_;
  std::map<std::string, Row> rows_;
  InPlaceDrawing drawing_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace evt::probe
