// The SQL over outbox.db's deliveries table: one row per (record id,
// destination). Each change of a row takes a number of the change clock so
// the export finds it, and refreshes its record's "held" flag (whether it
// still counts against the bounds), which the triggers sum per queue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/statement_cache.h"
#include "tools/outbox/change_clock.h"
#include "tools/outbox/delivery_state.h"
#include "tools/outbox/outbox_record.h"

namespace evt::outbox {

// The columns Read takes, from column 0, in this order.
inline constexpr std::string_view kDeliveryColumns =
    "d.id, d.destination, d.state, d.attempts, d.retries, d.next_attempt_ms, d.last_status, d.last_error, "
    "d.updated_ms, d.by";

// The row at column `first` of a query selecting kDeliveryColumns.
Delivery ReadDelivery(const Statement& row, int first = 0);

// All: REQUIRES a write transaction is open on db, except Find and Due.
Result<std::optional<Delivery>> FindDelivery(StatementCache& db, const std::string& id, const std::string& destination);
// Inserts or replaces the row (id, destination).
Status WriteDelivery(StatementCache& db, ChangeClock& clock, const Delivery& d);
// A new pending row due at once, for a record just added. Its record is
// held already: no refresh.
Status InsertPendingDelivery(StatementCache& db, ChangeClock& clock, const std::string& id,
                             const std::string& destination, std::int64_t now_ms);
// Sets records.held for `id` from its rows: held while any row is pending.
// A record without rows keeps the flag it was given.
Status RefreshHeld(StatementCache& db, const std::string& id);

// Rows by id, destination and state; an unset id or destination is any.
struct RowSelection {
  std::optional<std::string> id;
  std::optional<std::string> destination;
  std::vector<DeliveryState> states;  // REQUIRES: not empty
};
Result<std::vector<Delivery>> SelectRows(StatementCache& db, const RowSelection& selection);

struct DueRow {
  OutboxRecord record;
  Delivery delivery;
};
Result<std::vector<DueRow>> SelectDue(StatementCache& db, const std::string& destination, std::int64_t now_ms,
                                      std::size_t limit);

}  // namespace evt::outbox
