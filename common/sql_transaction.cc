#include "common/sql_transaction.h"

#include <sqlite3.h>

#include <utility>

#include "common/store.h"

namespace evt {

Result<Transaction> Transaction::Begin(Store& store, TxMode mode) {
  std::shared_ptr<SqlConnection> conn = store.connection();
  if (conn->in_transaction || !sqlite3_get_autocommit(conn->db())) {
    return Status::Internal(conn->name() + ": a transaction is already open; transactions do not nest");
  }
  EVT_RETURN_IF_ERROR(conn->Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN", "begin"));
  return Transaction(std::move(conn));
}

Transaction::Transaction(std::shared_ptr<SqlConnection> conn) : conn_(std::move(conn)) {
  conn_->in_transaction = true;
}

Transaction::Transaction(Transaction&& other) noexcept : conn_(std::move(other.conn_)) {}

Transaction::~Transaction() {
  if (!conn_) return;
  if (!Rollback().ok()) conn_->in_transaction = false;  // nothing more a destructor can do
}

Status Transaction::Commit() { return End("COMMIT", "commit"); }

Status Transaction::Rollback() {
  if (conn_ && sqlite3_get_autocommit(conn_->db())) {  // SQLite already rolled back after an error
    Finish();
    return Status::Ok();
  }
  return End("ROLLBACK", "rollback");
}

Status Transaction::End(const char* sql, const char* what) {
  if (!conn_) return Status::Internal(std::string("transaction: ") + what + ": already committed or rolled back");
  if (sqlite3_get_autocommit(conn_->db())) {
    Status ended =
        Status::Internal(conn_->name() + ": " + what + ": the transaction was already ended by an earlier error");
    Finish();
    return ended;
  }
  EVT_RETURN_IF_ERROR(conn_->Exec(sql, what));
  Finish();
  return Status::Ok();
}

void Transaction::Finish() {
  conn_->in_transaction = false;
  conn_ = nullptr;
}

}  // namespace evt
