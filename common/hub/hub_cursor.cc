#include "common/hub/hub_cursor.h"

namespace evt::hub {

Result<HubCursorStore> HubCursorStore::Open(Store& store, std::string hub_key) {
  EVT_RETURN_IF_ERROR(store.Exec(
      "CREATE TABLE IF NOT EXISTS hub_cursor ("
      " set_name TEXT NOT NULL, hub TEXT NOT NULL,"
      " push_seq INTEGER NOT NULL DEFAULT 0, pull_seq INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (set_name, hub))"));
  return HubCursorStore(store, std::move(hub_key));
}

Result<HubCursor> HubCursorStore::Load(const std::string& set) {
  EVT_ASSIGN_OR_RETURN(Statement select,
                       store_->Prepare("SELECT push_seq, pull_seq FROM hub_cursor WHERE set_name = ? AND hub = ?"));
  EVT_RETURN_IF_ERROR(select.BindAll({set, hub_key_}));
  EVT_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return HubCursor{};
  return HubCursor{select.ColumnInt64(0), select.ColumnInt64(1)};
}

Status HubCursorStore::Save(const std::string& set, const char* column, std::int64_t value) {
  std::string sql = std::string("INSERT INTO hub_cursor (set_name, hub, ") + column + ") VALUES (?, ?, ?) " +
                    "ON CONFLICT (set_name, hub) DO UPDATE SET " + column + " = excluded." + column;
  EVT_ASSIGN_OR_RETURN(Statement upsert, store_->Prepare(sql));
  EVT_RETURN_IF_ERROR(upsert.BindAll({set, hub_key_, value}));
  return upsert.Run();
}

Status HubCursorStore::SavePush(const std::string& set, std::int64_t push) { return Save(set, "push_seq", push); }
Status HubCursorStore::SavePull(const std::string& set, std::int64_t pull) { return Save(set, "pull_seq", pull); }

}  // namespace evt::hub
