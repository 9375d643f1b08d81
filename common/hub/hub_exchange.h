// One page of elements to or from the hub's evt_hub.elements: the SQL of
// a sync, apart from the engine that decides when to call it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/hub/hub_set.h"
#include "common/hub/pg_connection.h"
#include "common/status.h"

namespace evt::hub {

struct PushOutcome {
  std::size_t added = 0;      // new at the hub
  std::size_t known = 0;      // the hub had the id already
  std::size_t conflicts = 0;  // ... with a record other than the pushed one
};

// Inserts `elements` into (site, set) in one transaction, ON CONFLICT DO
// NOTHING on the id, under the (site, set) advisory lock that keeps the
// hub's seq in commit order for pullers.
Result<PushOutcome> PushPage(PgConnection& conn, const std::string& site, const std::string& set,
                             const std::vector<HubElement>& elements);

struct PulledPage {
  std::vector<HubElement> elements;
  std::int64_t last_seq = 0;  // the hub seq of the last one (the pull cursor after it)
};

// At most `limit` rows of (site, set) with a hub seq after `after`, in seq order.
Result<PulledPage> PullPage(PgConnection& conn, const std::string& site, const std::string& set,
                            std::int64_t after, std::size_t limit);

// A PostgreSQL array literal of `values` as text, for unnest($n::text[]).
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace evt::hub
