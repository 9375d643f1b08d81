// Sealing roll-ups outside `put`: `run` (each pass, so also the service)
// puts the outbox.rollup records of every queue's closed intervals, so a
// queue that nothing is put into any more still ships its last roll-ups.
#pragma once

#include "common/status.h"
#include "tools/outbox/command_context.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

// For every queue with "rollup": its closed intervals' records put into it
// (bounds applied as for any put), then forgotten. A queue whose batch is
// refused for room keeps its cells for the next pass. Returns how many
// roll-up records were stored.
Result<std::size_t> SealClosedRollups(const CommandContext& ctx, OutboxStore& store);

}  // namespace evt::outbox
