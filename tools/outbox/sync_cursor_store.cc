#include "tools/outbox/sync_cursor_store.h"

#include <vector>

namespace evt::outbox {
namespace {

const std::vector<Migration>& SyncMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "CREATE TABLE peer_cursor (peer TEXT PRIMARY KEY, merged_through INTEGER NOT NULL) STRICT;"},
  };
  return kMigrations;
}

}  // namespace

Result<SyncCursorStore> SyncCursorStore::Open(const std::string& state_dir) {
  EVT_ASSIGN_OR_RETURN(Store store, Store::Open(state_dir, "outbox-sync", SyncMigrations()));
  return SyncCursorStore(std::move(store));
}

Result<SyncCursorStore> SyncCursorStore::OpenMemory() {
  EVT_ASSIGN_OR_RETURN(Store store, Store::OpenMemory("outbox-sync", SyncMigrations()));
  return SyncCursorStore(std::move(store));
}

Result<std::int64_t> SyncCursorStore::MergedThrough(const std::string& peer) {
  EVT_ASSIGN_OR_RETURN(Statement select, store_.Prepare("SELECT merged_through FROM peer_cursor WHERE peer = ?1"));
  EVT_RETURN_IF_ERROR(select.BindAll({peer}));
  EVT_ASSIGN_OR_RETURN(bool found, select.Step());
  return found ? select.ColumnInt64(0) : std::int64_t{0};
}

Status SyncCursorStore::SetMergedThrough(const std::string& peer, std::int64_t cursor) {
  EVT_ASSIGN_OR_RETURN(Statement upsert, store_.Prepare(
                                             "INSERT INTO peer_cursor (peer, merged_through) VALUES (?1, ?2) "
                                             "ON CONFLICT (peer) DO UPDATE SET merged_through = "
                                             "max(merged_through, excluded.merged_through)"));
  EVT_RETURN_IF_ERROR(upsert.BindAll({peer, cursor}));
  return upsert.Run();
}

}  // namespace evt::outbox
