// How keys of the ring are shown: `token.key` records, or a table on a
// terminal. Never any secret: a record says whether a key holds one.
#pragma once

#include <vector>

#include "common/status.h"
#include "tools/token/commands.h"
#include "tools/token/key_ring.h"

namespace evt::token {

// The `token.key` record of `entry`.
Value KeyRecord(const CommandContext& ctx, const RingEntry& entry);

// Writes `entries` as records or as a table, per ctx.records.
Status WriteKeys(const CommandContext& ctx, const std::vector<RingEntry>& entries);

}  // namespace evt::token
