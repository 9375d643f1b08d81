// One open SQLite database, shared by the Store, its Statements and its
// Transaction, so that a Statement outliving its Store still has a live
// handle and still knows which file to name in its errors.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

struct sqlite3;

namespace evt {

class SqlConnection {
 public:
  // Takes ownership of `db` (closed in the destructor). `name` is how
  // errors name the database: its path, or "<tool> (in memory)".
  SqlConnection(sqlite3* db, std::string name);
  ~SqlConnection();
  SqlConnection(const SqlConnection&) = delete;
  SqlConnection& operator=(const SqlConnection&) = delete;

  sqlite3* db() const { return db_; }
  const std::string& name() const { return name_; }

  // Runs one or more SQL statements; rows are discarded. `context`, if not
  // empty, goes between the name and SQLite's message ("migration 3").
  Status Exec(std::string_view sql, std::string_view context = {});

  // The Status for SQLite result code `rc` just returned on this connection:
  // "name: [context: ]sqlite's message", with the exit code it maps to:
  //   BUSY, LOCKED (after the busy timeout)  -> TempFail (75): try again
  //   FULL, IOERR, CANTOPEN, READONLY, PERM  -> IoErr (74)
  //   CORRUPT, NOTADB                        -> DataErr (65), saying so
  //   CONSTRAINT, MISMATCH, TOOBIG           -> DataErr (65)
  //   INTERRUPT                              -> Interrupted (130)
  //   anything else (a bad statement, misuse) -> Internal (70)
  // REQUIRES: rc is an error code (not OK, ROW or DONE).
  Status Error(int rc, std::string_view context = {}) const;

  // True while a Transaction is open; nesting one is refused.
  bool in_transaction = false;

 private:
  sqlite3* db_;
  std::string name_;
};

}  // namespace evt
