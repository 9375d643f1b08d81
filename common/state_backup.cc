#include "common/state_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace evt {
namespace {

Status SqliteFailure(sqlite3* db, const std::string& what) {
  std::string message = what + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
  return Status::IoErr(message);
}

// Creating the file ourselves, O_EXCL and 0600, before SQLite opens it: no
// other user can read it, and an existing backup is never overwritten.
Status CreatePrivateFile(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoErr(path + ": cannot create: " + std::strerror(errno));
  close(fd);
  return Status::Ok();
}

}  // namespace

Status BackupDatabase(const std::string& from, const std::string& to) {
  struct stat info {};
  if (stat(from.c_str(), &info) != 0) return Status::NoInput(from + ": no state to back up: the tool has stored nothing yet");
  EVT_RETURN_IF_ERROR(CreatePrivateFile(to));
  sqlite3* source = nullptr;
  sqlite3* target = nullptr;
  Status status;
  if (sqlite3_open_v2(from.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    status = SqliteFailure(source, from);
  } else if (sqlite3_open_v2(to.c_str(), &target, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    status = SqliteFailure(target, to);
  } else {
    sqlite3_busy_timeout(source, 5000);
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
    if (!backup) {
      status = SqliteFailure(target, to);
    } else {
      int rc = sqlite3_backup_step(backup, -1);
      sqlite3_backup_finish(backup);
      if (rc != SQLITE_DONE) status = rc == SQLITE_BUSY || rc == SQLITE_LOCKED
                                          ? Status::TempFail(from + ": busy; try again")
                                          : SqliteFailure(target, to);
    }
  }
  sqlite3_close(target);
  sqlite3_close(source);
  if (!status.ok()) unlink(to.c_str());
  return status;
}

}  // namespace evt
