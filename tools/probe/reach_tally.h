// Bilateral reachability from both sides' probe records merged: which box
// reached which over a window, and where one side reaches the other but not
// the way back (the playbooks' bilateral health checks, doc/design.md §17).
// Each probe record says which box probed (`origin`, from evt-probe
// --origin); the box it probed is its target, or the name --peer gives it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/status.h"
#include "common/time_format.h"
#include "common/value.h"

namespace evt::probe {

struct ReachAttempt {
  std::string from;  // the probing box (origin)
  std::string to;    // the box probed
  TimePoint at{};
  bool ok = false;
  std::string error;
};

// One direction's figures over the window.
struct ReachDirection {
  std::string from;
  std::string to;
  std::int64_t attempts = 0;
  std::int64_t ok = 0;
  std::optional<TimePoint> last_ok;
  std::string last_error;  // of the newest failed attempt

  double OkRatio() const { return attempts == 0 ? 0.0 : static_cast<double>(ok) / static_cast<double>(attempts); }
};

struct ReachPair {
  ReachDirection there;                 // from → to
  std::optional<ReachDirection> back;   // to → from, when the other box probed this one
  bool reaches = false;                 // there's ok ratio is at least the threshold
  std::optional<bool> back_reaches;
  // One direction reaches and the other, probed in the same window, does not.
  bool Asymmetric() const { return back_reaches && reaches != *back_reaches; }
};

struct ReachOptions {
  std::map<std::string, std::string> peers;  // a probe target → the box it is
  std::optional<Duration> since;              // the window: back from the newest attempt; none: all
  double min_ok_ratio = 0.5;                  // a direction reaches at or above it
};

// Parses "--peer BOX=TARGET" into `peers` (target → box); a usage error
// (exit 2) names the text when there is no '=' or a side is empty.
Status AddPeer(const std::string& spec, std::map<std::string, std::string>& peers);

// The attempt a `probe` record describes, or a DataErr naming the field
// that is missing or wrong ("origin: missing: run evt-probe with --origin").
Result<ReachAttempt> AttemptFromRecord(const Value& probe, const ReachOptions& options);

// Every directed pair seen in the window, sorted by (from, to); `end` is
// the newest attempt's time.
struct ReachReport {
  TimePoint start{};
  TimePoint end{};
  std::vector<ReachPair> pairs;
};
ReachReport SummarizeReach(const std::vector<ReachAttempt>& attempts, const ReachOptions& options);

}  // namespace evt::probe
