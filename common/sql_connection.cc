#include "common/sql_connection.h"

#include <sqlite3.h>

namespace evt {
namespace {

ExitCode ExitCodeFor(int primary_rc) {
  switch (primary_rc) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ExitCode::kTempFail;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
      return ExitCode::kIoErr;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return ExitCode::kDataErr;
    case SQLITE_INTERRUPT:
      return ExitCode::kInterrupted;
    default:
      return ExitCode::kSoftware;
  }
}

// What a person should do about it, where SQLite's message does not say.
std::string_view Advice(int primary_rc) {
  switch (primary_rc) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return " (another process holds the database; try again)";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return " (the state file is damaged or not an evt database; move it aside to start afresh)";
    default:
      return "";
  }
}

}  // namespace

SqlConnection::SqlConnection(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {}

SqlConnection::~SqlConnection() { sqlite3_close_v2(db_); }

Status SqlConnection::Exec(std::string_view sql, std::string_view context) {
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : Error(rc, context);
}

Status SqlConnection::Error(int rc, std::string_view context) const {
  int primary = rc & 0xff;
  std::string msg = name_ + ": ";
  if (!context.empty()) msg.append(context).append(": ");
  msg += db_ && sqlite3_errcode(db_) == rc ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  msg += Advice(primary);
  return Status::WithCode(ExitCodeFor(primary), std::move(msg));
}

}  // namespace evt
