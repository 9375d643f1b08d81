#include "tools/outbox/outbox_queries.h"

#include <algorithm>
#include <map>
#include <utility>

#include "tools/outbox/delivery_rows.h"

namespace evt::outbox {
namespace {

using StatsKey = std::pair<std::string, std::string>;  // queue, destination ("" for none)

// The figures of one (queue, destination): the rows of queues with
// destinations, and the held records of those without.
Status ReadRowFigures(StatementCache& db, std::int64_t now_ms, std::map<StatsKey, QueueStats>& out) {
  EVT_ASSIGN_OR_RETURN(
      Statement * query,
      db.Get("SELECT r.queue, d.destination, SUM(d.state = 0), SUM(CASE WHEN d.state = 0 THEN r.bytes ELSE 0 END),"
             " MIN(CASE WHEN d.state = 0 THEN r.captured_ms END), SUM(d.state = 1), SUM(MAX(d.attempts - 1, 0)),"
             " SUM(d.state = 2), SUM(d.state = 3)"
             " FROM deliveries d JOIN records r ON r.id = d.id GROUP BY r.queue, d.destination"));
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) break;
    QueueStats& s = out[{query->ColumnText(0), query->ColumnText(1)}];
    s.pending = query->ColumnInt64(2);
    s.pending_bytes = query->ColumnInt64(3);
    if (!query->ColumnIsNull(4)) s.oldest_pending_age_ms = std::max<std::int64_t>(0, now_ms - query->ColumnInt64(4));
    s.delivered = query->ColumnInt64(5);
    s.retried = query->ColumnInt64(6);
    s.dead_lettered = query->ColumnInt64(7);
    s.dropped = query->ColumnInt64(8);
  }
  EVT_ASSIGN_OR_RETURN(
      Statement * unrouted,
      db.Get("SELECT r.queue, COUNT(*), SUM(r.bytes), MIN(r.captured_ms) FROM records r"
             " WHERE r.held = 1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = r.id) GROUP BY r.queue"));
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, unrouted->Step());
    if (!row) return Status::Ok();
    QueueStats& s = out[{unrouted->ColumnText(0), ""}];
    s.pending = unrouted->ColumnInt64(1);
    s.pending_bytes = unrouted->ColumnInt64(2);
    s.oldest_pending_age_ms = std::max<std::int64_t>(0, now_ms - unrouted->ColumnInt64(3));
  }
}

Result<std::map<std::string, std::int64_t>> ReadShedCounts(StatementCache& db) {
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get("SELECT queue, records FROM shed"));
  std::map<std::string, std::int64_t> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, query->Step());
    if (!row) return out;
    out[query->ColumnText(0)] = query->ColumnInt64(1);
  }
}

}  // namespace

Result<std::vector<QueueStats>> QueryStats(StatementCache& db, const OutboxLayout& layout, std::int64_t now_ms) {
  std::map<StatsKey, QueueStats> figures;
  EVT_RETURN_IF_ERROR(ReadRowFigures(db, now_ms, figures));
  EVT_ASSIGN_OR_RETURN(auto shed, ReadShedCounts(db));
  std::vector<QueueStats> out;
  auto take = [&](const std::string& queue, const std::string& destination, const QueueSpec* spec) {
    QueueStats s;
    if (auto it = figures.find({queue, destination}); it != figures.end()) {
      s = std::move(it->second);
      figures.erase(it);
    }
    s.queue = queue;
    s.destination = destination;
    s.configured = spec != nullptr;
    s.cls = spec ? spec->cls : QueueClass::kNonEssential;
    if (auto it = shed.find(queue); it != shed.end()) s.shed = it->second;
    out.push_back(std::move(s));
  };
  for (const QueueSpec& spec : layout.queues) {
    if (spec.destinations.empty()) take(spec.name, "", &spec);
    for (const std::string& destination : spec.destinations) take(spec.name, destination, &spec);
  }
  std::vector<StatsKey> others;
  for (const auto& [key, unused] : figures) others.push_back(key);
  for (const StatsKey& key : others) take(key.first, key.second, layout.Find(key.first));
  return out;
}

Result<std::vector<ListedRecord>> QueryList(StatementCache& db, const ListFilter& filter) {
  SqlValue queue = filter.queue ? SqlValue(*filter.queue) : SqlValue(nullptr);
  SqlValue destination = filter.destination ? SqlValue(*filter.destination) : SqlValue(nullptr);
  SqlValue state = filter.state ? SqlValue(static_cast<int>(*filter.state)) : SqlValue(nullptr);
  auto limit = filter.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(filter.limit);
  EVT_ASSIGN_OR_RETURN(
      Statement * records,
      db.Get("SELECT r.id, r.queue, r.origin, r.captured_ms, r.line FROM records r"
             " WHERE (?1 IS NULL OR r.queue = ?1) AND ((?2 IS NULL AND ?3 IS NULL) OR EXISTS (SELECT 1 FROM"
             " deliveries d WHERE d.id = r.id AND (?2 IS NULL OR d.destination = ?2) AND (?3 IS NULL OR d.state = ?3)))"
             " ORDER BY r.captured_ms, r.seq LIMIT ?4"));
  EVT_RETURN_IF_ERROR(records->BindAll({queue, destination, state, limit}));
  std::vector<ListedRecord> out;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool row, records->Step());
    if (!row) break;
    out.push_back(ListedRecord{OutboxRecord{records->ColumnText(0), records->ColumnText(1), records->ColumnText(2),
                                            records->ColumnInt64(3), records->ColumnText(4)},
                               {}});
  }
  EVT_ASSIGN_OR_RETURN(Statement * rows,
                       db.Get("SELECT " + std::string(kDeliveryColumns) +
                              " FROM deliveries d WHERE d.id = ?1 AND (?2 IS NULL OR d.destination = ?2)"
                              " AND (?3 IS NULL OR d.state = ?3) ORDER BY d.destination"));
  for (ListedRecord& listed : out) {
    EVT_RETURN_IF_ERROR(rows->BindAll({listed.record.id, destination, state}));
    while (true) {
      EVT_ASSIGN_OR_RETURN(bool row, rows->Step());
      if (!row) break;
      listed.deliveries.push_back(ReadDelivery(*rows));
    }
    rows->Reset();
  }
  return out;
}

Status NotePeerIn(StatementCache& db, const std::string& kiosk, TimePoint now) {
  EVT_ASSIGN_OR_RETURN(Statement * upsert,
                       db.Get("INSERT INTO peers (kiosk, last_seen_ms) VALUES (?1, ?2) ON CONFLICT (kiosk)"
                              " DO UPDATE SET last_seen_ms = MAX(last_seen_ms, excluded.last_seen_ms)"));
  EVT_RETURN_IF_ERROR(upsert->BindAll({kiosk, now.time_since_epoch().count()}));
  return upsert->Run();
}

Result<std::optional<TimePoint>> QueryPeerLastSeen(StatementCache& db, const std::string& kiosk) {
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get("SELECT last_seen_ms FROM peers WHERE kiosk = ?1"));
  EVT_RETURN_IF_ERROR(query->BindAll({kiosk}));
  EVT_ASSIGN_OR_RETURN(bool row, query->Step());
  std::optional<TimePoint> seen;
  if (row) seen = TimePoint{std::chrono::milliseconds{query->ColumnInt64(0)}};
  query->Reset();
  return seen;
}

}  // namespace evt::outbox
