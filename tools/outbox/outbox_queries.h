// The outbox's reports, read from outbox.db: status per queue and
// destination, the records a `list` shows, the peers last heard from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/statement_cache.h"
#include "common/time_format.h"
#include "tools/outbox/outbox_store.h"

namespace evt::outbox {

Result<std::vector<QueueStats>> QueryStats(StatementCache& db, const OutboxLayout& layout, std::int64_t now_ms);
Result<std::vector<ListedRecord>> QueryList(StatementCache& db, const ListFilter& filter);

// REQUIRES: a write transaction is open on db. A clock that went back
// never moves last seen back.
Status NotePeerIn(StatementCache& db, const std::string& kiosk, TimePoint now);
Result<std::optional<TimePoint>> QueryPeerLastSeen(StatementCache& db, const std::string& kiosk);

}  // namespace evt::outbox
