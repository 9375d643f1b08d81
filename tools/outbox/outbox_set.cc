#include "tools/outbox/outbox_set.h"

#include <utility>

#include "common/json_parse.h"
#include "tools/outbox/outbox_segment_store.h"
#include "tools/outbox/record_id.h"
#include "tools/outbox/rollup_store.h"

namespace evt::outbox {

// queue_usage is the held bytes per queue, so that a put checks its bounds
// with one lookup instead of a sum over the queue. A put or merge adds its
// records' bytes once per batch (AddHeldBytes); the rarer changes, one
// record at a time (a record shed, a record's last pending row done), are
// kept by the triggers, so no path can forget them.
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
       "  held INTEGER NOT NULL,"
       "  sheddable INTEGER NOT NULL);"
       // Only what may be shed is indexed for shedding: a critical record
       // (an order) costs no entry here.
       "CREATE INDEX records_sheddable ON records (queue, captured_ms, seq) WHERE held = 1 AND sheddable = 1;"
       // change_seq is the rowid: a row rewritten (INSERT OR REPLACE) takes
       // the clock's next number as its new rowid, so the export's order
       // needs no index of its own.
       "CREATE TABLE deliveries ("
       "  change_seq INTEGER PRIMARY KEY,"
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
       "  captured_ms INTEGER NOT NULL,"
       "  UNIQUE (id, destination));"
       // The due pass reads pending rows oldest captured first and stops
       // at its limit: an index in that order, of pending rows only, so a
       // pass over a long queue neither sorts it nor scans what was delivered.
       "CREATE INDEX deliveries_due ON deliveries (destination, captured_ms) WHERE state = 0;"
       "CREATE TABLE queue_usage (queue TEXT PRIMARY KEY, held_bytes INTEGER NOT NULL) WITHOUT ROWID;"
       "CREATE TABLE shed (queue TEXT PRIMARY KEY, records INTEGER NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;"
       "CREATE TABLE peers (kiosk TEXT PRIMARY KEY, last_seen_ms INTEGER NOT NULL) WITHOUT ROWID;"
       "CREATE TABLE change_clock (k INTEGER PRIMARY KEY CHECK (k = 1), seq INTEGER NOT NULL);"
       "INSERT INTO change_clock (k, seq) VALUES (1, 0);"
       "CREATE TRIGGER records_removed AFTER DELETE ON records WHEN OLD.held BEGIN"
       "  UPDATE queue_usage SET held_bytes = held_bytes - OLD.bytes WHERE queue = OLD.queue;"
       " END;"
       "CREATE TRIGGER records_held AFTER UPDATE OF held ON records WHEN OLD.held != NEW.held BEGIN"
       "  INSERT INTO queue_usage (queue, held_bytes) VALUES (NEW.queue, (NEW.held - OLD.held) * NEW.bytes)"
       "    ON CONFLICT (queue) DO UPDATE SET held_bytes = held_bytes + (NEW.held - OLD.held) * NEW.bytes;"
       " END;"},
      SegmentMigration(),
      RollupMigration(),
  };
  return migrations;
}

const GsetTable& OutboxSetSchema::Table() {
  static const GsetTable table{"records", "id", "seq", "id, queue, origin, captured_ms, line, held, sheddable",
                               ""};
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
      row.ColumnInt64(seq_column), row.ColumnInt64(5) != 0, row.ColumnInt64(6) != 0};
}

namespace {

Status RunInsert(StatementCache& db, std::string_view sql, const SetElement& e) {
  EVT_ASSIGN_OR_RETURN(Statement * insert, db.Get(sql));
  const OutboxRecord& r = e.record;
  EVT_RETURN_IF_ERROR(insert->BindAll({e.seq, r.id, r.queue, r.origin, r.captured_ms, r.line,
                                       static_cast<std::int64_t>(r.line.size()), e.held ? 1 : 0,
                                       e.sheddable ? 1 : 0}));
  EVT_RETURN_IF_ERROR(insert->Run());
  if (!e.held) return Status::Ok();
  return AddHeldBytes(db, r.queue, static_cast<std::int64_t>(r.line.size()));
}

}  // namespace

Status OutboxSetSchema::Insert(StatementCache& db, const SetElement& e) {
  return RunInsert(db,
                   "INSERT INTO records (seq, id, queue, origin, captured_ms, line, bytes, held, sheddable) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                   e);
}

Result<bool> InsertIfNew(StatementCache& db, const SetElement& e, AddedBytes& added) {
  EVT_ASSIGN_OR_RETURN(Statement * insert,
                       db.Get("INSERT INTO records (seq, id, queue, origin, captured_ms, line, bytes, held, sheddable) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING"));
  const OutboxRecord& r = e.record;
  auto bytes = static_cast<std::int64_t>(r.line.size());
  EVT_RETURN_IF_ERROR(
      insert->BindAll({e.seq, r.id, r.queue, r.origin, r.captured_ms, r.line, bytes, e.held ? 1 : 0,
                       e.sheddable ? 1 : 0}));
  EVT_RETURN_IF_ERROR(insert->Run());
  if (db.store().changes() == 0) return false;
  if (e.held) added[r.queue] += bytes;
  return true;
}

Status AddHeldBytes(StatementCache& db, const std::string& queue, std::int64_t bytes) {
  EVT_ASSIGN_OR_RETURN(Statement * upsert,
                       db.Get("INSERT INTO queue_usage (queue, held_bytes) VALUES (?1, ?2)"
                              " ON CONFLICT (queue) DO UPDATE SET held_bytes = held_bytes + excluded.held_bytes"));
  EVT_RETURN_IF_ERROR(upsert->BindAll({queue, bytes}));
  return upsert->Run();
}

Status AddHeldBytes(StatementCache& db, const AddedBytes& added) {
  for (const auto& [queue, bytes] : added) EVT_RETURN_IF_ERROR(AddHeldBytes(db, queue, bytes));
  return Status::Ok();
}

}  // namespace evt::outbox
