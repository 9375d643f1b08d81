// What `status` adds for s3 destinations (doc/design.md §15.6): beside the pending
// records, bytes and oldest unshipped age every destination has, the
// segments sealed but not yet written, the objects written, the
// compression ratio so far and the dead-lettered segments.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "tools/outbox/outbox_config.h"
#include "tools/outbox/outbox_segment_store.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

struct SegmentStats {
  std::string destination;
  std::string queue;
  SegmentTotals totals;
};

// One per s3 destination of the config and queue that names it.
Result<std::vector<SegmentStats>> QuerySegmentStats(OutboxStore& store, const OutboxConfig& config);

// Raw bytes per compressed byte of the objects written; 0 before the first.
double CompressionRatio(const SegmentTotals& totals);

// Adds the segment fields to the outbox.status record of the same
// destination and queue, if `stats` has one.
void AddSegmentFields(Value& status_record, const std::vector<SegmentStats>& stats);

// The table `status` prints under the queues' table; "" without s3 destinations.
std::string SegmentTable(const std::vector<SegmentStats>& stats, const std::vector<QueueStats>& queues, bool color,
                         int width);

}  // namespace evt::outbox
