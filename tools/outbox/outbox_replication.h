// Replication of the outbox between kiosks: the export of what changed
// since a cursor as wire lines (replica_wire.h), and the merge of another
// kiosk's lines: elements into the grow-only set, delivery rows by the join.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/statement_cache.h"
#include "tools/outbox/change_clock.h"
#include "tools/outbox/outbox_set.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

// limit 0: everything. REQUIRES: a transaction is open on db, so the two
// tables are read at one instant.
Result<ReplicaBatch> ExportChanges(StatementCache& db, std::int64_t cursor, std::size_t limit);

// REQUIRES: a write transaction is open on set.db(); clock loaded in it.
Result<MergeReport> MergeLines(OutboxSet& set, ChangeClock& clock, const OutboxLayout& layout,
                               const std::vector<std::string>& lines, PoisonPolicy poison);

}  // namespace evt::outbox
