#include "common/grow_only_set.h"

namespace evt {

std::string_view GsetOutcomeName(GsetOutcome outcome) {
  switch (outcome) {
    case GsetOutcome::kAdded: return "added";
    case GsetOutcome::kDuplicate: return "duplicate";
    case GsetOutcome::kConflict: return "conflict";
    case GsetOutcome::kQuarantined: return "quarantined";
  }
  return "?";
}

std::string GsetRows::SelectSql(std::string_view where) const {
  std::string quarantined = table_->quarantine_column.empty() ? "NULL" : std::string(table_->quarantine_column);
  return "SELECT " + std::string(table_->columns) + ", " + std::string(table_->seq_column) + ", " + quarantined +
         " FROM " + std::string(table_->table) + " " + std::string(where);
}

Result<GsetSize> GsetRows::Size() {
  std::string quarantined =
      table_->quarantine_column.empty() ? "0" : "count(" + std::string(table_->quarantine_column) + ")";
  Result<Statement*> query = db_.Get("SELECT count(*), " + quarantined + " FROM " + std::string(table_->table));
  if (!query.ok()) return query.status();
  Result<bool> row = (*query)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal(db_.store().name() + ": count(*) returned no row");
  GsetSize size{(*query)->ColumnInt64(0), (*query)->ColumnInt64(1)};
  (*query)->Reset();  // a statement left on a row would hold its read snapshot
  return size;
}

Status GsetRows::MarkQuarantined(std::string_view id, std::int64_t now_ms) {
  std::string column(table_->quarantine_column);
  if (column.empty()) return Status::Internal(std::string(table_->table) + " has no drift bound to be past");
  Result<Statement*> mark = db_.Get("UPDATE " + std::string(table_->table) + " SET " + column + " = ?2 WHERE " +
                                    std::string(table_->id_column) + " = ?1 AND " + column + " IS NULL");
  if (!mark.ok()) return mark.status();
  EVT_RETURN_IF_ERROR((*mark)->BindAll({id, now_ms}));
  return (*mark)->Run();
}

Status GsetRows::Remove(std::string_view id) {
  Result<Statement*> remove =
      db_.Get("DELETE FROM " + std::string(table_->table) + " WHERE " + std::string(table_->id_column) + " = ?1");
  if (!remove.ok()) return remove.status();
  EVT_RETURN_IF_ERROR((*remove)->BindAll({id}));
  return (*remove)->Run();
}

}  // namespace evt
