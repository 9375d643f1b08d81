// evt-failover watch and decide with a person watching (doc/design.md §17):
// instead of records, one screen redrawn in place after each event and on
// each tick: the active path and since when, the last switch and its reason,
// the site hold, and each path's state and health. On a pipe, or with
// --json, the records stay exactly as they are and this is never used.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cli_common_options.h"
#include "common/clock.h"
#include "common/redraw.h"
#include "common/site_hold.h"
#include "common/status.h"
#include "common/time_zone.h"
#include "common/value.h"
#include "tools/failover/session.h"

namespace evt::failover {

struct PathView {
  std::string name;
  bool active = false;
  bool up = false;
  bool degraded = false;
  bool suppressed = false;
  int health = 0;
  double penalty = 0;
};

// The last switch as its record told it.
struct SwitchView {
  std::string from, to, reason;
  bool failed = false;  // switch_failed: the path stayed where it was
  TimePoint at{};
};

struct FailoverView {
  std::string mode;  // "watch" or "decide"
  std::vector<PathView> paths;
  std::string active;  // "" for none
  std::optional<TimePoint> active_since;
  std::optional<SwitchView> last_switch;
  std::string last_event;  // "down 5g: connection refused"
  std::optional<SiteHold> hold;
};

struct ViewLook {
  int width = 80;
  bool color = false;
  const TimeZone* zone = nullptr;
  TimePoint now{};
};

// The screen, one line per row, each at most look.width columns wide.
std::string RenderFailoverView(const FailoverView& view, const ViewLook& look);

// Folds a record the session wrote into the view: a switch becomes the
// last switch, every event the last event. Other kinds are left alone.
void FoldRecord(FailoverView& view, const Value& record);

// The live screen of a running session. Its records_file() is the FILE*
// the session's RecordWriter writes to: an anonymous in-memory file that
// never blocks the loop, read back and emptied at each redraw, where each
// record is folded into the view.
class FailoverLiveView {
 public:
  // `state_dir` "" shows no hold. All references must outlive the view.
  FailoverLiveView(std::string mode, const Clock& clock, std::string state_dir, bool color, const TimeZone& zone);
  ~FailoverLiveView();
  FailoverLiveView(const FailoverLiveView&) = delete;
  FailoverLiveView& operator=(const FailoverLiveView&) = delete;

  // nullptr when the stream could not be made (then write records).
  std::FILE* records_file() const { return file_; }
  // The session whose state is shown; the records come first (the session
  // takes the writer), so it is attached once made. REQUIRES: outlives the view.
  void Show(const Session& session) { session_ = &session; }
  // Takes the records written since the last call, and redraws when there
  // were any or when the last drawing is older than a tick's worth
  // (200 ms), so a busy decide does not flood the terminal.
  Status Refresh();

 private:
  // True when records came.
  bool TakeRecords();
  void ReadState();

  std::string mode_;
  const Session* session_ = nullptr;
  const Clock& clock_;
  std::string state_dir_;
  bool color_;
  const TimeZone& zone_;
  FailoverView view_;
  std::string partial_;
  InPlaceDrawing drawing_;
  std::optional<TimePoint> hold_read_at_;
  std::optional<std::chrono::steady_clock::time_point> drawn_at_;
  std::FILE* file_ = nullptr;
};

// The live view when stdout is a terminal and --json was not given (doc/design.md
// §3.7); nullptr otherwise, and then records go to stdout as always.
std::unique_ptr<FailoverLiveView> LiveViewOnTerminal(const CommonOptions& common, std::string mode,
                                                     std::string state_dir, const Clock& clock);

}  // namespace evt::failover
