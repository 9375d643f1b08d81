// The `failover` records of traffic steering (schemas/records/failover.json):
// event "weights" (a route's weights applied and read back, or not) and
// event "mode" (reduced service mode entered or left).
#pragma once

#include <optional>
#include <string>

#include "common/time_format.h"
#include "common/value.h"
#include "tools/failover/route_reconcile.h"

namespace evt::failover {

struct ModeChange {
  std::string mode;      // the mode now asked for: "reduced" or "normal"
  std::string previous;  // the mode before
  std::string reason;    // "requested by ana@gate-1 for 30m", "governor level 3 >= 2", "expired"
  std::optional<TimePoint> until;
  bool verified = false;  // every proxy confirmed it
  std::string error;      // the proxy's words when not
  TimePoint at{};
};

// `active` is the active path at the time, as the other failover records
// carry it; `written` the record's ts.
Value WeightsRecord(const ApplyReport& report, const std::string& active, TimePoint written);
Value ModeRecord(const ModeChange& change, const std::string& active, TimePoint written);

// {"cache": 7, "origin": 3}
Value WeightsValue(const std::vector<MemberWeight>& weights);

}  // namespace evt::failover
