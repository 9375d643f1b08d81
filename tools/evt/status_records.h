// `evt status --json`: every tool's status records as it wrote them, then
// evt's own: an evt.tool record per tool (how its status ended), an
// evt.daemon record per heartbeat and an evt.hold record while a hold is in
// force (schemas/records/evt.*.json).
#pragma once

#include <vector>

#include "common/value.h"
#include "tools/evt/site_snapshot.h"

namespace evt::front {

std::vector<Value> SnapshotRecords(const SiteSnapshot& snapshot);

}  // namespace evt::front
