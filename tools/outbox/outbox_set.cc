#include "tools/outbox/outbox_set.h"

#include <utility>

#include "common/json_parse.h"
#include "tools/outbox/record_id.h"

namespace evt::outbox {

// queue_usage is the held bytes per queue, kept by triggers so that a
// put checks its bounds with one lookup instead of a sum over the queue.
// change_clock is the one sequence of the export cursor (outbox_set.h).
const std::vector<Migration>& OutboxMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       "CREATE TABLE records ("
       "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
       "  id TEXT NOT NULL UNIQUE,"
       "  queue TEXT NOT NULL,"
       "  origin TEXT NOT NULL,"
       "  captured_ms INTEGER NOT NULL,"
       "  line TEXT NOT NULL,"
       "  bytes INTEGER NOT NULL,"
       "  held INTEGER NOT NULL);"
       "CREATE INDEX records_held ON records (queue, held, captured_ms, seq);"
       "CREATE TABLE deliveries ("
       "  id TEXT NOT NULL,"
       "  destination TEXT NOT NULL,"
       "  state INTEGER NOT NULL,"
       "  attempts INTEGER NOT NULL,"
       "  retries INTEGER NOT NULL,"
       "  next_attempt_ms INTEGER NOT NULL,"
       "  last_status INTEGER NOT NULL,"
       "  last_error TEXT NOT NULL,"
       "  updated_ms INTEGER NOT NULL,"
       "  by TEXT NOT NULL,"
       "  change_seq INTEGER NOT NULL,"
       "  PRIMARY KEY (id, destination)) WITHOUT ROWID;"
       "CREATE INDEX deliveries_due ON deliveries (destination, state, next_attempt_ms);"
       "CREATE INDEX deliveries_changed ON deliveries (change_seq);"
       "CREATE TABLE queue_usage (queue TEXT PRIMARY KEY, held_bytes INTEGER NOT NULL) WITHOUT ROWID;"
       "CREATE TABLE shed (queue TEXT PRIMARY KEY, records INTEGER NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;"
       "CREATE TABLE peers (kiosk TEXT PRIMARY KEY, last_seen_ms INTEGER NOT NULL) WITHOUT ROWID;"
       "CREATE TABLE change_clock (k INTEGER PRIMARY KEY CHECK (k = 1), seq INTEGER NOT NULL);"
       "INSERT INTO change_clock (k, seq) VALUES (1, 0);"
       "CREATE TRIGGER records_added AFTER INSERT ON records WHEN NEW.held BEGIN"
       "  INSERT INTO queue_usage (queue, held_bytes) VALUES (NEW.queue, NEW.bytes)"
       "    ON CONFLICT (queue) DO UPDATE SET held_bytes = held_bytes + NEW.bytes;"
       " END;"
       "CREATE TRIGGER records_removed AFTER DELETE ON records WHEN OLD.held BEGIN"
       "  UPDATE queue_usage SET held_bytes = held_bytes - OLD.bytes WHERE queue = OLD.queue;"
       " END;"
       "CREATE TRIGGER records_held AFTER UPDATE OF held ON records WHEN OLD.held != NEW.held BEGIN"
       "  INSERT INTO queue_usage (queue, held_bytes) VALUES (NEW.queue, (NEW.held - OLD.held) * NEW.bytes)"
       "    ON CONFLICT (queue) DO UPDATE SET held_bytes = held_bytes + (NEW.held - OLD.held) * NEW.bytes;"
       " END;"},
  };
  return migrations;
}

const GsetTable& OutboxSetSchema::Table() {
  static const GsetTable table{"records", "id", "seq", "id, queue, origin, captured_ms, line, held", ""};
  return table;
}

Value OutboxSetSchema::Content(const SetElement& e) {
  Result<Value> record = ParseJson(e.record.line, e.record.id);
  if (!record.ok() || !record->is_object()) return Value();
  return RecordContent(*record);
}

Result<SetElement> OutboxSetSchema::Read(StatementCache&, const Statement& row) {
  int seq_column = row.column_count() - 2;
  return SetElement{
      OutboxRecord{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnInt64(3), row.ColumnText(4)},
      row.ColumnInt64(seq_column), row.ColumnInt64(5) != 0};
}

Status OutboxSetSchema::Insert(StatementCache& db, const SetElement& e) {
  EVT_ASSIGN_OR_RETURN(Statement * insert,
                       db.Get("INSERT INTO records (seq, id, queue, origin, captured_ms, line, bytes, held) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  const OutboxRecord& r = e.record;
  EVT_RETURN_IF_ERROR(insert->BindAll({e.seq, r.id, r.queue, r.origin, r.captured_ms, r.line,
                                       static_cast<std::int64_t>(r.line.size()), e.held ? 1 : 0}));
  return insert->Run();
}

}  // namespace evt::outbox
