#include "tools/outbox/rollup_store.h"

#include "common/json_parse.h"
#include "common/json_writer.h"
#include "common/sql_transaction.h"
#include "tools/outbox/outbox_set.h"

namespace evt::outbox {
namespace {

constexpr std::string_view kTool = "outbox";

StoreOptions DurableOptions() {
  StoreOptions options;
  options.synchronous = Synchronous::kFull;
  return options;
}

}  // namespace

const Migration& RollupMigration() {
  static const Migration migration{
      3,
      "CREATE TABLE rollup_cells ("
      "  queue TEXT NOT NULL,"
      "  start_ms INTEGER NOT NULL,"
      "  grp TEXT NOT NULL,"
      "  count INTEGER NOT NULL,"
      "  errors INTEGER NOT NULL,"
      "  latency TEXT NOT NULL,"
      "  PRIMARY KEY (queue, start_ms, grp)) STRICT;"};
  return migration;
}

Result<RollupStore> RollupStore::Open(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::Open(state_dir, kTool, OutboxMigrations(), DurableOptions()));
  return RollupStore(std::move(store));
}

Result<RollupStore> RollupStore::OpenMemory() {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenMemory(kTool, OutboxMigrations(), DurableOptions()));
  return RollupStore(std::move(store));
}

Result<RollupCell> RollupStore::Load(const Statement& row, int first_column, const std::string& where) const {
  RollupCell cell;
  cell.count = row.ColumnInt64(first_column);
  cell.errors = row.ColumnInt64(first_column + 1);
  EVT_ASSIGN_OR_RETURN(Value latency, ParseJson(row.ColumnText(first_column + 2), where));
  EVT_ASSIGN_OR_RETURN(cell.latency, HistogramFromValue(latency, where));
  return cell;
}

Status RollupStore::Add(const std::string& queue, const RollupCells& cells) {
  if (cells.empty()) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(store_, TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(Statement select, store_.Prepare("SELECT count, errors, latency FROM rollup_cells "
                                                        "WHERE queue = ?1 AND start_ms = ?2 AND grp = ?3"));
  EVT_ASSIGN_OR_RETURN(Statement upsert, store_.Prepare("INSERT OR REPLACE INTO rollup_cells "
                                                        "(queue, start_ms, grp, count, errors, latency) "
                                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  for (const auto& [key, offered] : cells) {
    RollupCell cell;
    select.Reset();
    EVT_RETURN_IF_ERROR(select.BindAll({queue, key.start_ms, key.group}));
    EVT_ASSIGN_OR_RETURN(bool found, select.Step());
    if (found) {
      EVT_ASSIGN_OR_RETURN(cell, Load(select, 0, store_.name() + ": rollup_cells " + key.group));
    }
    cell.Merge(offered);
    EVT_ASSIGN_OR_RETURN(std::string latency, ToJson(HistogramValue(cell.latency)));
    upsert.Reset();
    EVT_RETURN_IF_ERROR(upsert.BindAll({queue, key.start_ms, key.group, cell.count, cell.errors, latency}));
    EVT_RETURN_IF_ERROR(upsert.Run());
  }
  return tx.Commit();
}

Result<RollupCells> RollupStore::Closed(const std::string& queue, Duration interval, TimePoint now) {
  const std::int64_t open_start = IntervalStartMs(now, interval);
  EVT_ASSIGN_OR_RETURN(Statement select, store_.Prepare("SELECT start_ms, grp, count, errors, latency FROM "
                                                        "rollup_cells WHERE queue = ?1 AND start_ms + ?2 <= ?3 "
                                                        "ORDER BY start_ms, grp"));
  EVT_RETURN_IF_ERROR(select.BindAll({queue, interval.count(), open_start}));
  RollupCells closed;
  while (true) {
    EVT_ASSIGN_OR_RETURN(bool found, select.Step());
    if (!found) break;
    RollupKey key{select.ColumnInt64(0), select.ColumnText(1)};
    EVT_ASSIGN_OR_RETURN(RollupCell cell, Load(select, 2, store_.name() + ": rollup_cells " + key.group));
    closed.emplace(std::move(key), std::move(cell));
  }
  return closed;
}

Status RollupStore::Remove(const std::string& queue, const RollupCells& sealed) {
  if (sealed.empty()) return Status::Ok();
  EVT_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(store_, TxMode::kWrite));
  EVT_ASSIGN_OR_RETURN(Statement remove, store_.Prepare("DELETE FROM rollup_cells "
                                                        "WHERE queue = ?1 AND start_ms = ?2 AND grp = ?3"));
  for (const auto& entry : sealed) {
    remove.Reset();
    EVT_RETURN_IF_ERROR(remove.BindAll({queue, entry.first.start_ms, entry.first.group}));
    EVT_RETURN_IF_ERROR(remove.Run());
  }
  return tx.Commit();
}

}  // namespace evt::outbox
