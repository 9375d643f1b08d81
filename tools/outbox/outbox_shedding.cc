#include "tools/outbox/outbox_shedding.h"

#include <string>
#include <utility>

namespace evt::outbox {
namespace {

Result<std::int64_t> HeldBytes(StatementCache& db, const std::string& queue) {
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get("SELECT held_bytes FROM queue_usage WHERE queue = ?1"));
  EVT_RETURN_IF_ERROR(query->BindAll({queue}));
  EVT_ASSIGN_OR_RETURN(bool row, query->Step());
  std::int64_t bytes = row ? query->ColumnInt64(0) : 0;
  query->Reset();
  return bytes;
}

Result<std::int64_t> TotalHeldBytes(StatementCache& db) {
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get("SELECT COALESCE(SUM(held_bytes), 0) FROM queue_usage"));
  EVT_ASSIGN_OR_RETURN(bool row, query->Step());
  std::int64_t bytes = row ? query->ColumnInt64(0) : 0;
  query->Reset();
  return bytes;
}

Status DeleteShed(StatementCache& db, const ShedRecord& victim) {
  EVT_ASSIGN_OR_RETURN(Statement * rows, db.Get("DELETE FROM deliveries WHERE id = ?1"));
  EVT_RETURN_IF_ERROR(rows->BindAll({victim.id}));
  EVT_RETURN_IF_ERROR(rows->Run());
  EVT_ASSIGN_OR_RETURN(Statement * record, db.Get("DELETE FROM records WHERE id = ?1"));
  EVT_RETURN_IF_ERROR(record->BindAll({victim.id}));
  EVT_RETURN_IF_ERROR(record->Run());
  EVT_ASSIGN_OR_RETURN(Statement * count,
                       db.Get("INSERT INTO shed (queue, records, bytes) VALUES (?1, 1, ?2) ON CONFLICT (queue) "
                              "DO UPDATE SET records = records + 1, bytes = bytes + excluded.bytes"));
  EVT_RETURN_IF_ERROR(count->BindAll({victim.queue, victim.bytes}));
  return count->Run();
}

// The oldest held record of `queues`, or nullopt when none is held.
Result<std::optional<ShedRecord>> OldestHeld(StatementCache& db, const std::vector<std::string>& queues) {
  std::string sql = "SELECT id, queue, bytes FROM records WHERE held = 1 AND queue IN (";
  for (std::size_t i = 0; i < queues.size(); ++i) sql += (i ? ", ?" : "?") + std::to_string(i + 1);
  sql += ") ORDER BY captured_ms, seq LIMIT 1";
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get(sql));
  for (std::size_t i = 0; i < queues.size(); ++i) {
    EVT_RETURN_IF_ERROR(query->Bind(static_cast<int>(i + 1), queues[i]));
  }
  EVT_ASSIGN_OR_RETURN(bool row, query->Step());
  std::optional<ShedRecord> oldest;
  if (row) oldest = ShedRecord{query->ColumnText(0), query->ColumnText(1), query->ColumnInt64(2)};
  query->Reset();
  return oldest;
}

// Sheds the oldest held records of `queues` until `excess` bytes are
// freed or none is left; returns what is still in excess.
Result<std::int64_t> ShedOldest(StatementCache& db, const std::vector<std::string>& queues, std::int64_t excess,
                                Room& room) {
  if (queues.empty()) return excess;
  while (excess > 0) {
    EVT_ASSIGN_OR_RETURN(std::optional<ShedRecord> victim, OldestHeld(db, queues));
    if (!victim) break;
    EVT_RETURN_IF_ERROR(DeleteShed(db, *victim));
    excess -= victim->bytes;
    room.shed.push_back(std::move(*victim));
  }
  return excess;
}

std::vector<std::string> QueuesOfClass(const OutboxLayout& layout, QueueClass cls) {
  std::vector<std::string> names;
  for (const QueueSpec& spec : layout.queues) {
    if (spec.cls == cls) names.push_back(spec.name);
  }
  return names;
}

Status Full(const std::string& what, std::int64_t held, std::int64_t bound) {
  return Status::TempFail(what + " is full: " + std::to_string(held) + " bytes pending, bound " +
                          std::to_string(bound) + "; nothing of this batch was stored");
}

std::string Described(const QueueSpec& spec) {
  return "queue " + spec.name + " (" + std::string(QueueClassName(spec.cls)) + ")";
}

Status KeepQueueWithinBound(StatementCache& db, const QueueSpec& incoming, Room& room) {
  EVT_ASSIGN_OR_RETURN(std::int64_t held, HeldBytes(db, incoming.name));
  if (held <= incoming.bound_bytes) return Status::Ok();
  if (incoming.cls == QueueClass::kCritical) {
    room.refused = Full(Described(incoming), held, incoming.bound_bytes);
    return Status::Ok();
  }
  EVT_ASSIGN_OR_RETURN(std::int64_t left, ShedOldest(db, {incoming.name}, held - incoming.bound_bytes, room));
  if (left > 0) room.refused = Full(Described(incoming), held, incoming.bound_bytes);
  return Status::Ok();
}

Status KeepOutboxWithinBound(StatementCache& db, const OutboxLayout& layout, const QueueSpec& incoming, Room& room) {
  EVT_ASSIGN_OR_RETURN(std::int64_t total, TotalHeldBytes(db));
  std::int64_t excess = total - layout.bound_bytes;
  for (QueueClass cls : ShedOrder()) {
    if (excess <= 0) return Status::Ok();
    if (!MayShedFor(cls, incoming.cls)) continue;
    EVT_ASSIGN_OR_RETURN(excess, ShedOldest(db, QueuesOfClass(layout, cls), excess, room));
  }
  if (excess > 0) room.refused = Full("the outbox (all queues)", total, layout.bound_bytes);
  return Status::Ok();
}

}  // namespace

Result<Room> MakeRoom(StatementCache& db, const OutboxLayout& layout, const QueueSpec& incoming) {
  Room room;
  EVT_RETURN_IF_ERROR(KeepQueueWithinBound(db, incoming, room));
  if (!room.refused) EVT_RETURN_IF_ERROR(KeepOutboxWithinBound(db, layout, incoming, room));
  if (room.refused) room.shed.clear();
  return room;
}

}  // namespace evt::outbox
