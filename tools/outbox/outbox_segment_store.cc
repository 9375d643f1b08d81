#include "tools/outbox/outbox_segment_store.h"

#include "common/sql_transaction.h"
#include "tools/outbox/change_clock.h"
#include "tools/outbox/delivery_rows.h"

namespace evt::outbox {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }

constexpr std::string_view kSegmentColumns =
    "seq, destination, queue, origin, first_ms, sealed_ms, state, records, raw_bytes, compressed_bytes, sha256, "
    "key, upload_id, attempts, next_attempt_ms, last_status, last_error, done_ms";

Segment ReadSegment(const Statement& row) {
  Segment s;
  s.seq = row.ColumnInt64(0);
  s.destination = row.ColumnText(1);
  s.queue = row.ColumnText(2);
  s.origin = row.ColumnText(3);
  s.first_ms = row.ColumnInt64(4);
  s.sealed_ms = row.ColumnInt64(5);
  s.state = static_cast<SegmentState>(row.ColumnInt64(6));
  s.records = row.ColumnInt64(7);
  s.raw_bytes = row.ColumnInt64(8);
  s.compressed_bytes = row.ColumnInt64(9);
  s.sha256_hex = row.ColumnText(10);
  s.key = row.ColumnText(11);
  s.upload_id = row.ColumnText(12);
  s.attempts = row.ColumnInt64(13);
  s.next_attempt_ms = row.ColumnInt64(14);
  s.last_status = static_cast<int>(row.ColumnInt64(15));
  s.last_error = row.ColumnText(16);
  s.done_ms = row.ColumnInt64(17);
  return s;
}

// Pending rows of the destination in the queue that no segment of the
// destination holds, oldest captured first (deliveries_due's order).
constexpr std::string_view kUnsegmented =
    " FROM deliveries d JOIN records r ON r.id = d.id"
    " WHERE d.destination = ?1 AND d.state = 0 AND r.queue = ?2"
    "   AND NOT EXISTS (SELECT 1 FROM segment_records sr JOIN segments g ON g.seq = sr.seq"
    "                   WHERE sr.id = d.id AND g.destination = ?1)";

struct Oldest {
  std::string origin;
  std::int64_t captured_ms = 0;
};

}  // namespace

Migration SegmentMigration() {
  return {2,
          "CREATE TABLE segments ("
          "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
          "  destination TEXT NOT NULL,"
          "  queue TEXT NOT NULL,"
          "  origin TEXT NOT NULL,"
          "  first_ms INTEGER NOT NULL,"
          "  sealed_ms INTEGER NOT NULL,"
          "  state INTEGER NOT NULL,"
          "  records INTEGER NOT NULL,"
          "  raw_bytes INTEGER NOT NULL,"
          "  compressed_bytes INTEGER NOT NULL DEFAULT 0,"
          "  sha256 TEXT NOT NULL DEFAULT '',"
          "  key TEXT NOT NULL DEFAULT '',"
          "  upload_id TEXT NOT NULL DEFAULT '',"
          "  attempts INTEGER NOT NULL DEFAULT 0,"
          "  next_attempt_ms INTEGER NOT NULL DEFAULT 0,"
          "  last_status INTEGER NOT NULL DEFAULT 0,"
          "  last_error TEXT NOT NULL DEFAULT '',"
          "  done_ms INTEGER NOT NULL DEFAULT 0);"
          "CREATE INDEX segments_by_state ON segments (destination, state, seq);"
          // ord keeps the sealed order, so a spool rebuilt after a kill -9
          // has the same bytes and so the same key.
          "CREATE TABLE segment_records (seq INTEGER NOT NULL, ord INTEGER NOT NULL, id TEXT NOT NULL,"
          "  PRIMARY KEY (seq, ord)) WITHOUT ROWID;"
          "CREATE INDEX segment_records_id ON segment_records (id);"
          "CREATE TABLE segment_parts (seq INTEGER NOT NULL, part INTEGER NOT NULL, etag TEXT NOT NULL,"
          "  PRIMARY KEY (seq, part)) WITHOUT ROWID;"};
}

std::string_view SegmentStateName(SegmentState state) {
  switch (state) {
    case SegmentState::kSealed: return "sealed";
    case SegmentState::kUploaded: return "uploaded";
    case SegmentState::kDeadLettered: return "dead_lettered";
  }
  return "sealed";
}

Status SegmentStore::Run(std::string_view sql, std::initializer_list<SqlValue> values) {
  EVT_ASSIGN_OR_RETURN(Statement * st, db_.Get(sql));
  EVT_RETURN_IF_ERROR(st->BindAll(values));
  return st->Run();
}

Result<std::vector<Segment>> SegmentStore::Query(std::string_view where, std::initializer_list<SqlValue> values) {
  std::string sql = "SELECT " + std::string(kSegmentColumns) + " FROM segments WHERE " + std::string(where);
  EVT_ASSIGN_OR_RETURN(Statement * st, db_.Get(sql));
  EVT_RETURN_IF_ERROR(st->BindAll(values));
  std::vector<Segment> segments;
  for (;;) {
    Result<bool> row = st->Step();
    if (!row.ok()) {
      st->Reset();
      return row.status();
    }
    if (!*row) break;
    segments.push_back(ReadSegment(*st));
  }
  st->Reset();
  return segments;
}

Result<std::optional<Segment>> SegmentStore::SealNext(const std::string& destination, const std::string& queue,
                                                      const SealRule& rule, TimePoint now, bool flush) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.store(), TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(Statement * first, db_.Get("SELECT r.origin, r.captured_ms" + std::string(kUnsegmented) +
                                                  " ORDER BY d.captured_ms, r.seq LIMIT 1"));
  EVT_RETURN_IF_ERROR(first->BindAll({destination, queue}));
  EVT_ASSIGN_OR_RETURN(bool any, first->Step());
  if (!any) {
    first->Reset();
    return std::optional<Segment>();
  }
  Oldest oldest{first->ColumnText(0), first->ColumnInt64(1)};
  first->Reset();

  Segment s;
  s.destination = destination;
  s.queue = queue;
  s.origin = oldest.origin;
  s.first_ms = oldest.captured_ms;
  s.sealed_ms = Millis(now);
  std::vector<std::string> ids;
  EVT_ASSIGN_OR_RETURN(Statement * rows, db_.Get("SELECT r.id, r.bytes" + std::string(kUnsegmented) +
                                                 " AND r.origin = ?3 ORDER BY d.captured_ms, r.seq"));
  EVT_RETURN_IF_ERROR(rows->BindAll({destination, queue, oldest.origin}));
  bool full = false;
  for (;;) {
    Result<bool> row = rows->Step();
    if (!row.ok()) {
      rows->Reset();
      return row.status();
    }
    if (!*row) break;
    std::int64_t bytes = rows->ColumnInt64(1) + 1;
    if (!ids.empty() && s.raw_bytes + bytes > rule.max_bytes) {
      full = true;
      break;
    }
    ids.push_back(rows->ColumnText(0));
    s.raw_bytes += bytes;
    if (s.raw_bytes >= rule.max_bytes) {
      full = true;
      break;
    }
  }
  rows->Reset();
  bool old = Millis(now) - oldest.captured_ms >= rule.max_age.count();
  if (!full && !old && !flush) return std::optional<Segment>();

  s.records = static_cast<std::int64_t>(ids.size());
  EVT_RETURN_IF_ERROR(Run("INSERT INTO segments (destination, queue, origin, first_ms, sealed_ms, state, records,"
                          " raw_bytes, next_attempt_ms) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                          {s.destination, s.queue, s.origin, s.first_ms, s.sealed_ms, s.records, s.raw_bytes,
                           s.sealed_ms}));
  s.seq = db_.store().last_insert_rowid();
  s.next_attempt_ms = s.sealed_ms;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EVT_RETURN_IF_ERROR(Run("INSERT INTO segment_records (seq, ord, id) VALUES (?, ?, ?)",
                            {s.seq, static_cast<std::int64_t>(i), ids[i]}));
  }
  EVT_RETURN_IF_ERROR(tx.Commit());
  return std::optional<Segment>(std::move(s));
}

Result<std::optional<Segment>> SegmentStore::Find(std::int64_t seq) {
  EVT_ASSIGN_OR_RETURN(std::vector<Segment> found, Query("seq = ?", {seq}));
  if (found.empty()) return std::optional<Segment>();
  return std::optional<Segment>(std::move(found.front()));
}

Result<std::vector<Segment>> SegmentStore::Due(const std::string& destination, TimePoint now) {
  return Query("destination = ? AND state = 0 AND next_attempt_ms <= ? ORDER BY seq", {destination, Millis(now)});
}

Result<std::vector<Segment>> SegmentStore::InState(const std::string& destination, SegmentState state) {
  return Query("destination = ? AND state = ? ORDER BY seq", {destination, static_cast<int>(state)});
}

Result<std::vector<std::string>> SegmentStore::ClaimedUploadIds(const std::string& destination) {
  EVT_ASSIGN_OR_RETURN(std::vector<Segment> open, InState(destination, SegmentState::kSealed));
  std::vector<std::string> ids;
  for (const Segment& s : open) {
    if (!s.upload_id.empty()) ids.push_back(s.upload_id);
  }
  return ids;
}

Result<std::optional<Segment>> SegmentStore::FindByKey(const std::string& destination, const std::string& key) {
  EVT_ASSIGN_OR_RETURN(std::vector<Segment> found, Query("destination = ? AND key = ?", {destination, key}));
  if (found.empty()) return std::optional<Segment>();
  return std::optional<Segment>(std::move(found.front()));
}

Status SegmentStore::ForEachLine(std::int64_t seq, const std::function<Status(std::string_view)>& each) {
  // A statement of its own, not the cache's: `each` may use the store.
  EVT_ASSIGN_OR_RETURN(Statement lines, db_.store().Prepare("SELECT r.line FROM segment_records sr"
                                                            " JOIN records r ON r.id = sr.id"
                                                            " WHERE sr.seq = ? ORDER BY sr.ord"));
  EVT_RETURN_IF_ERROR(lines.BindAll({seq}));
  for (;;) {
    EVT_ASSIGN_OR_RETURN(bool row, lines.Step());
    if (!row) return Status::Ok();
    EVT_RETURN_IF_ERROR(each(lines.ColumnText(0)));
  }
}

Status SegmentStore::SetSpooled(std::int64_t seq, std::int64_t compressed_bytes, const std::string& sha256_hex,
                                const std::string& key) {
  return Run("UPDATE segments SET compressed_bytes = ?, sha256 = ?, key = ? WHERE seq = ?",
             {compressed_bytes, sha256_hex, key, seq});
}

Status SegmentStore::SetUploadId(std::int64_t seq, const std::string& upload_id) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.store(), TxMode::kWrite));
  EVT_RETURN_IF_ERROR(Run("DELETE FROM segment_parts WHERE seq = ?", {seq}));
  EVT_RETURN_IF_ERROR(Run("UPDATE segments SET upload_id = ? WHERE seq = ?", {upload_id, seq}));
  return tx.Commit();
}

Status SegmentStore::AddPart(std::int64_t seq, int part, const std::string& etag) {
  return Run("INSERT OR REPLACE INTO segment_parts (seq, part, etag) VALUES (?, ?, ?)", {seq, part, etag});
}

Result<std::vector<std::pair<int, std::string>>> SegmentStore::Parts(std::int64_t seq) {
  EVT_ASSIGN_OR_RETURN(Statement * st, db_.Get("SELECT part, etag FROM segment_parts WHERE seq = ? ORDER BY part"));
  EVT_RETURN_IF_ERROR(st->BindAll({seq}));
  std::vector<std::pair<int, std::string>> parts;
  for (;;) {
    Result<bool> row = st->Step();
    if (!row.ok()) {
      st->Reset();
      return row.status();
    }
    if (!*row) break;
    parts.emplace_back(static_cast<int>(st->ColumnInt64(0)), st->ColumnText(1));
  }
  st->Reset();
  return parts;
}

Status SegmentStore::MarkUploaded(std::int64_t seq, TimePoint now, int status, const std::string& kiosk) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.store(), TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(std::optional<Segment> segment, Find(seq));
  if (!segment) return Status::DataErr("no segment " + std::to_string(seq) + " in " + db_.store().name());
  EVT_RETURN_IF_ERROR(Run("UPDATE segments SET state = 1, done_ms = ?, last_status = ?, last_error = '',"
                          " attempts = attempts + 1 WHERE seq = ?",
                          {Millis(now), status, seq}));
  EVT_RETURN_IF_ERROR(Run("DELETE FROM segment_parts WHERE seq = ?", {seq}));
  // One statement for the segment's rows, not a read and a rewrite per
  // record: a segment holds tens of thousands. Each row changed takes the
  // next change number in the segment's order (its rowid, as WriteDelivery
  // gives it), so an export sends them as a per-row rewrite would.
  EVT_ASSIGN_OR_RETURN(ChangeClock clock, ChangeClock::Load(db_));
  const std::int64_t base = clock.Next();
  for (std::int64_t i = 1; i < segment->records; ++i) clock.Next();
  EVT_RETURN_IF_ERROR(Run("UPDATE deliveries SET state = ?1, attempts = attempts + 1, last_status = ?2,"
                          " last_error = '', updated_ms = ?3, by = ?4,"
                          " change_seq = ?5 + (SELECT sr.ord FROM segment_records sr"
                          "                    WHERE sr.seq = ?6 AND sr.id = deliveries.id)"
                          " WHERE destination = ?7 AND state IN (?8, ?9)"
                          "   AND id IN (SELECT id FROM segment_records WHERE seq = ?6)",
                          {static_cast<int>(DeliveryState::kDelivered), status, Millis(now), kiosk, base, seq,
                           segment->destination, static_cast<int>(DeliveryState::kPending),
                           static_cast<int>(DeliveryState::kDeadLettered)}));
  EVT_RETURN_IF_ERROR(Run("UPDATE records SET held = EXISTS (SELECT 1 FROM deliveries d WHERE d.id = records.id"
                          "                                  AND d.state = ?2)"
                          " WHERE id IN (SELECT id FROM segment_records WHERE seq = ?1)",
                          {seq, static_cast<int>(DeliveryState::kPending)}));
  EVT_RETURN_IF_ERROR(clock.Save(db_));
  return tx.Commit();
}

Status SegmentStore::MarkRetry(std::int64_t seq, TimePoint next_attempt, int status, const std::string& error) {
  return Run("UPDATE segments SET attempts = attempts + 1, next_attempt_ms = ?, last_status = ?, last_error = ?"
             " WHERE seq = ?",
             {Millis(next_attempt), status, error, seq});
}

Status SegmentStore::MarkDeadLettered(std::int64_t seq, TimePoint now, int status, const std::string& response) {
  return Run("UPDATE segments SET state = 2, attempts = attempts + 1, done_ms = ?, last_status = ?, last_error = ?"
             " WHERE seq = ?",
             {Millis(now), status, response, seq});
}

Result<std::int64_t> SegmentStore::Retry(const std::string& destination, std::optional<std::int64_t> seq,
                                         TimePoint now) {
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.store(), TxMode::kWrite));
  SqlValue which = seq ? SqlValue(*seq) : SqlValue(nullptr);
  EVT_RETURN_IF_ERROR(Run("DELETE FROM segment_parts WHERE seq IN (SELECT seq FROM segments WHERE destination = ?1"
                          " AND state = 2 AND (?2 IS NULL OR seq = ?2))",
                          {destination, which}));
  EVT_RETURN_IF_ERROR(Run("UPDATE segments SET state = 0, upload_id = '', next_attempt_ms = ?3"
                          " WHERE destination = ?1 AND state = 2 AND (?2 IS NULL OR seq = ?2)",
                          {destination, which, Millis(now)}));
  std::int64_t changed = db_.store().changes();
  EVT_RETURN_IF_ERROR(tx.Commit());
  return changed;
}

Result<SegmentTotals> SegmentStore::Totals(const std::string& destination, const std::string& queue) {
  EVT_ASSIGN_OR_RETURN(Statement * st, db_.Get("SELECT state, COUNT(*), SUM(raw_bytes), SUM(compressed_bytes)"
                                               " FROM segments WHERE destination = ? AND queue = ? GROUP BY state"));
  EVT_RETURN_IF_ERROR(st->BindAll({destination, queue}));
  SegmentTotals t;
  for (;;) {
    Result<bool> row = st->Step();
    if (!row.ok()) {
      st->Reset();
      return row.status();
    }
    if (!*row) break;
    std::int64_t count = st->ColumnInt64(1);
    switch (static_cast<SegmentState>(st->ColumnInt64(0))) {
      case SegmentState::kSealed:
        t.sealed = count;
        t.sealed_bytes = st->ColumnInt64(2);
        break;
      case SegmentState::kUploaded:
        t.uploaded = count;
        t.uploaded_raw_bytes = st->ColumnInt64(2);
        t.uploaded_compressed_bytes = st->ColumnInt64(3);
        break;
      case SegmentState::kDeadLettered: t.dead_lettered = count; break;
    }
  }
  st->Reset();
  return t;
}

Result<std::vector<Segment>> SegmentStore::UploadedOnDay(const Segment& like) {
  std::int64_t day = like.first_ms - ((like.first_ms % kDayMs) + kDayMs) % kDayMs;
  return Query("destination = ? AND queue = ? AND origin = ? AND state = 1 AND first_ms >= ? AND first_ms < ?"
               " ORDER BY seq",
               {like.destination, like.queue, like.origin, day, day + kDayMs});
}

}  // namespace evt::outbox
