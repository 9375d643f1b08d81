#include "tools/failover/event.h"

namespace evt::failover {

const char* EventTypeName(EventType type) {
  switch (type) {
    case EventType::kUp: return "up";
    case EventType::kDown: return "down";
    case EventType::kDegraded: return "degraded";
    case EventType::kRecovered: return "recovered";
    case EventType::kSuppressed: return "suppressed";
    case EventType::kReused: return "reused";
    case EventType::kSwitch: return "switch";
    case EventType::kSwitchFailed: return "switch_failed";
    case EventType::kForced: return "forced";
    case EventType::kReleased: return "released";
  }
  return "unknown";
}

}  // namespace evt::failover
