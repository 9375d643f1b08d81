#include "tools/outbox/change_clock.h"

namespace evt::outbox {

Result<ChangeClock> ChangeClock::Load(StatementCache& db) {
  EVT_ASSIGN_OR_RETURN(Statement * query, db.Get("SELECT seq FROM change_clock WHERE k = 1"));
  EVT_ASSIGN_OR_RETURN(bool row, query->Step());
  if (!row) return Status::Internal(db.store().name() + ": the change clock's row is missing");
  ChangeClock clock(query->ColumnInt64(0));
  query->Reset();
  return clock;
}

Status ChangeClock::Save(StatementCache& db) const {
  EVT_ASSIGN_OR_RETURN(Statement * update, db.Get("UPDATE change_clock SET seq = ?1 WHERE k = 1"));
  EVT_RETURN_IF_ERROR(update->BindAll({seq_}));
  return update->Run();
}

}  // namespace evt::outbox
