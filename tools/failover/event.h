// What the decider reports: a path's health changed, or the active path
// did. Each becomes a `failover` record and may run the path's hooks.
#pragma once

#include <optional>
#include <string>

#include "common/time_format.h"

namespace evt::failover {

enum class EventType {
  kUp,          // the path's health reached rise: hook on_up
  kDown,        // the path's health fell below rise: hook on_down
  kDegraded,    // answers, but over the raise limits
  kRecovered,   // back under the clear limits
  kSuppressed,  // damping: not chosen until `until`
  kReused,      // damping: chosen again
  kSwitch,      // the active path changed from `previous` to `path`: on_deactivate, on_activate
  kSwitchFailed,  // a switch whose actions failed; the active path stayed `previous`
  kForced,      // an operator forced `path` until `until`
  kReleased,    // the force ended (released or expired)
};

// "up", "down", "degraded", "recovered", "suppressed", "reused", "switch",
// "switch_failed", "forced", "released": the record's "event".
const char* EventTypeName(EventType type);

struct Event {
  EventType type = EventType::kUp;
  std::string path;
  std::string previous;  // kSwitch/kSwitchFailed: the path active before ("" at start)
  std::string reason;    // in words
  TimePoint at{};        // when it was detected: the input that caused it
  int health = 0;
  double penalty = 0;
  std::optional<TimePoint> until;  // kSuppressed, kForced
};

}  // namespace evt::failover
