// Keeping the outbox within its bounds after a put: the bytes held per
// queue (queue_usage, kept by triggers) against the queue's bound and the
// global one. Room is made by deleting held records, the lowest class
// first and oldest first, never critical ones and never of a class above
// the incoming queue's; each is counted in the table shed.
#pragma once

#include <optional>
#include <vector>

#include "common/statement_cache.h"
#include "tools/outbox/outbox_layout.h"

namespace evt::outbox {

struct Room {
  std::vector<ShedRecord> shed;
  // Set (TempFail, naming the bound) when no room could be made: the caller
  // rolls the whole transaction back, the shedding included.
  std::optional<Status> refused;
};

// REQUIRES: a write transaction is open on db; incoming is in layout.
Result<Room> MakeRoom(StatementCache& db, const OutboxLayout& layout, const QueueSpec& incoming);

}  // namespace evt::outbox
