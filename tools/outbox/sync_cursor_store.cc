#include "tools/outbox/sync_cursor_store.h"

#include <vector>

#include "tools/outbox/record_id.h"

namespace evt::outbox {
namespace {

const std::vector<Migration>& SyncMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "CREATE TABLE self (one INTEGER PRIMARY KEY CHECK (one = 1), instance TEXT NOT NULL) STRICT;"
       "CREATE TABLE peer_cursor (peer TEXT NOT NULL, instance TEXT NOT NULL, merged_through INTEGER NOT NULL,"
       " PRIMARY KEY (peer, instance)) STRICT;"},
  };
  return kMigrations;
}

// The instance, made on first use: INSERT OR IGNORE keeps the first one
// when two processes open a new state at once.
Result<std::string> LoadInstance(Store& store) {
  EVT_ASSIGN_OR_RETURN(Statement insert, store.Prepare("INSERT OR IGNORE INTO self (one, instance) VALUES (1, ?1)"));
  EVT_RETURN_IF_ERROR(insert.BindAll({NewRecordId()}));
  EVT_RETURN_IF_ERROR(insert.Run());
  EVT_ASSIGN_OR_RETURN(Statement select, store.Prepare("SELECT instance FROM self WHERE one = 1"));
  EVT_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Status::Internal(store.name() + ": no instance row");
  return select.ColumnText(0);
}

}  // namespace

Result<SyncCursorStore> SyncCursorStore::Opened(Result<Store> opened) {
  if (!opened.ok()) return opened.status();
  Store store = std::move(opened).value();
  EVT_ASSIGN_OR_RETURN(std::string instance, LoadInstance(store));
  return SyncCursorStore(std::move(store), std::move(instance));
}

Result<SyncCursorStore> SyncCursorStore::Open(const std::string& state_dir) {
  return Opened(Store::Open(state_dir, "outbox-sync", SyncMigrations()));
}

Result<SyncCursorStore> SyncCursorStore::OpenMemory() {
  return Opened(Store::OpenMemory("outbox-sync", SyncMigrations()));
}

Result<std::int64_t> SyncCursorStore::MergedThrough(const std::string& peer, const std::string& instance) {
  EVT_ASSIGN_OR_RETURN(Statement select, store_.Prepare("SELECT merged_through FROM peer_cursor "
                                                        "WHERE peer = ?1 AND instance = ?2"));
  EVT_RETURN_IF_ERROR(select.BindAll({peer, instance}));
  EVT_ASSIGN_OR_RETURN(bool found, select.Step());
  return found ? select.ColumnInt64(0) : std::int64_t{0};
}

Status SyncCursorStore::SetMergedThrough(const std::string& peer, const std::string& instance, std::int64_t cursor) {
  EVT_ASSIGN_OR_RETURN(Statement upsert, store_.Prepare(
                                             "INSERT INTO peer_cursor (peer, instance, merged_through) "
                                             "VALUES (?1, ?2, ?3) ON CONFLICT (peer, instance) DO UPDATE SET "
                                             "merged_through = max(merged_through, excluded.merged_through)"));
  EVT_RETURN_IF_ERROR(upsert.BindAll({peer, instance, cursor}));
  return upsert.Run();
}

}  // namespace evt::outbox
