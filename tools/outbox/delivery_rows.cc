#include "tools/outbox/delivery_rows.h"

#include <utility>

namespace evt::outbox {
namespace {

DeliveryState StateOfColumn(std::int64_t stored) {
  switch (stored) {
    case 1: return DeliveryState::kDelivered;
    case 2: return DeliveryState::kDeadLettered;
    case 3: return DeliveryState::kDropped;
    default: return DeliveryState::kPending;
  }
}

}  // namespace

// The state column holds the enum's value; pending is 0, which the held
// refresh relies on.
static_assert(static_cast<int>(DeliveryState::kPending) == 0);
static_assert(static_cast<int>(DeliveryState::kDelivered) == 1);
static_assert(static_cast<int>(DeliveryState::kDeadLettered) == 2);
static_assert(static_cast<int>(DeliveryState::kDropped) == 3);

Delivery ReadDelivery(const Statement& row, int first) {
  Delivery d;
  d.id = row.ColumnText(first);
  d.destination = row.ColumnText(first + 1);
  d.state = StateOfColumn(row.ColumnInt64(first + 2));
  d.attempts = row.ColumnInt64(first + 3);
  d.retries = row.ColumnInt64(first + 4);
  d.next_attempt_ms = row.ColumnInt64(first + 5);
  d.last_status = static_cast<int>(row.ColumnInt64(first + 6));
  d.last_error = row.ColumnText(first + 7);
  d.updated_ms = row.ColumnInt64(first + 8);
  d.by = row.ColumnText(first + 9);
  return d;
}

Result<std::optional<Delivery>> FindDelivery(StatementCache& db, const std::string& id,
                                             const std::string& destination) {
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get("SELECT " + std::string(kDeliveryColumns) +
                                                 " FROM deliveries d WHERE d.id = ?1 AND d.destination = ?2"));
  EVT_RETURN_IF_ERROR(query->BindAll({id, destination}));
  EVT_ASSIGN_OR_RETURN(bool row, query->Step());
  std::optional<Delivery> found;
  if (row) found = ReadDelivery(*query);
  query->Reset();
  return found;
}

Status WriteDelivery(StatementCache& db, ChangeClock& clock, const Delivery& d) {
  EVT_ASSIGN_OR_RETURN(
      Statement * write,
      db.Get("INSERT OR REPLACE INTO deliveries (id, destination, state, attempts, retries, next_attempt_ms, "
             "last_status, last_error, updated_ms, by, change_seq)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
  EVT_RETURN_IF_ERROR(write->BindAll({d.id, d.destination, static_cast<int>(d.state), d.attempts, d.retries,
                                      d.next_attempt_ms, d.last_status, d.last_error, d.updated_ms, d.by,
                                      clock.Next()}));
  EVT_RETURN_IF_ERROR(write->Run());
  return RefreshHeld(db, d.id);
}

Status InsertPendingDelivery(StatementCache& db, ChangeClock& clock, const std::string& id,
                             const std::string& destination, std::int64_t now_ms) {
  EVT_ASSIGN_OR_RETURN(
      Statement * insert,
      db.Get("INSERT INTO deliveries (id, destination, state, attempts, retries, next_attempt_ms, last_status, "
             "last_error, updated_ms, by, change_seq) VALUES (?1, ?2, 0, 0, 0, ?3, 0, '', ?3, '', ?4)"));
  EVT_RETURN_IF_ERROR(insert->BindAll({id, destination, now_ms, clock.Next()}));
  return insert->Run();
}

Status RefreshHeld(StatementCache& db, const std::string& id) {
  EVT_ASSIGN_OR_RETURN(
      Statement * update,
      db.Get("UPDATE records SET held = EXISTS (SELECT 1 FROM deliveries WHERE id = ?1 AND state = 0) "
             "WHERE id = ?1 AND EXISTS (SELECT 1 FROM deliveries WHERE id = ?1)"));
  EVT_RETURN_IF_ERROR(update->BindAll({id}));
  return update->Run();
}

Result<std::vector<Delivery>> SelectRows(StatementCache& db, const RowSelection& selection) {
  std::string sql = "SELECT " + std::string(kDeliveryColumns) +
                    " FROM deliveries d WHERE (?1 IS NULL OR d.id = ?1) AND (?2 IS NULL OR d.destination = ?2)"
                    " AND d.state IN (";
  for (std::size_t i = 0; i < selection.states.size(); ++i) {
    sql += (i ? ", " : "") + std::to_string(static_cast<int>(selection.states[i]));
  }
  sql += ") ORDER BY d.id, d.destination";
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get(sql));
  EVT_RETURN_IF_ERROR(query->BindAll({selection.id ? SqlValue(*selection.id) : SqlValue(nullptr),
                                      selection.destination ? SqlValue(*selection.destination) : SqlValue(nullptr)}));
  std::vector<Delivery> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return out;
    out.push_back(ReadDelivery(*query));
  }
}

Result<std::vector<DueRow>> SelectDue(StatementCache& db, const std::string& destination, std::int64_t now_ms,
                                      std::size_t limit) {
  EVT_ASSIGN_OR_RETURN(Statement * query,
                       db.Get("SELECT r.id, r.queue, r.origin, r.captured_ms, r.line, " +
                              std::string(kDeliveryColumns) +
                              " FROM deliveries d JOIN records r ON r.id = d.id"
                              " WHERE d.destination = ?1 AND d.state = 0 AND d.next_attempt_ms <= ?2"
                              " ORDER BY r.captured_ms, r.seq LIMIT ?3"));
  EVT_RETURN_IF_ERROR(query->BindAll({destination, now_ms, static_cast<std::int64_t>(limit)}));
  std::vector<DueRow> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return out;
    out.push_back(DueRow{OutboxRecord{query->ColumnText(0), query->ColumnText(1), query->ColumnText(2),
                                      query->ColumnInt64(3), query->ColumnText(4)},
                         ReadDelivery(*query, 5)});
  }
}

}  // namespace evt::outbox
