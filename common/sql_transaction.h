// A SQLite transaction that is rolled back unless committed: every write of
// state is one of these, so a crash leaves the state before or after it.
#pragma once

#include <memory>

#include "common/sql_connection.h"
#include "common/status.h"

namespace evt {

class Store;

enum class TxMode {
  // BEGIN (deferred): a consistent snapshot for reading.
  kRead,
  // BEGIN IMMEDIATE: takes the write lock up front, so two writers queue
  // behind each other (busy timeout) instead of both reading and then
  // failing to upgrade.
  kWrite,
};

// Move-only. Use from the thread that uses its Store.
class Transaction {
 public:
  // Starts a transaction on `store`. Fails with Internal if one is already
  // open on it (SQLite has no nested transactions, and a silent no-op
  // would commit the inner writes with the outer ones), and with TempFail
  // if another process holds the write lock past the busy timeout.
  static Result<Transaction> Begin(Store& store, TxMode mode);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // Rolls back unless Commit or Rollback succeeded.
  ~Transaction();

  // Makes the writes durable as one. Fails if the transaction already ended
  // (committed, rolled back, or ended by SQLite after an I/O error); after
  // a failed commit the destructor rolls back.
  Status Commit();
  // Discards the writes now (also fine after SQLite ended the transaction
  // on an error).
  Status Rollback();

 private:
  explicit Transaction(std::shared_ptr<SqlConnection> conn);
  Status End(const char* sql, const char* what);
  void Finish();

  std::shared_ptr<SqlConnection> conn_;  // null once ended
};

}  // namespace evt
