// A tool's state database: <state_dir>/<tool>.db, SQLite in WAL mode, its
// schema versioned by PRAGMA user_version and migrated forward on open.
// Tools keep their own narrow storage interface (record a scan, append
// usage, ...) on top of this, so their SQL stays in one place.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/sql_connection.h"
#include "common/sql_statement.h"
#include "common/sql_transaction.h"
#include "common/status.h"

namespace evt {

// Schema step `version`: applied once, in one transaction together with
// `PRAGMA user_version = version`, to a database whose version is older.
// REQUIRES: sql holds no BEGIN/COMMIT/ROLLBACK of its own.
struct Migration {
  int version;
  std::string_view sql;
};

enum class Synchronous {
  kNormal,  // WAL + NORMAL: a kill -9 loses nothing; a power cut may lose
            // the last commits, never consistency
  kFull,    // also durable across a power cut (the gate scan table)
};

// Whether a command may write the state: one that only reports opens it
// with Store::OpenReadOnly.
enum class StoreAccess { kReadWrite, kReadOnly };

// What closing the last connection does to the write-ahead log.
enum class OnClose {
  // SQLite's default: copy the WAL into the database (a checkpoint: two
  // fdatasyncs) and delete it, so the next writer creates a new WAL (one
  // more fdatasync, of the directory). Right for long-running daemons,
  // which close rarely.
  kCheckpoint,
  // For short-lived CLI runs (a runbook run), where those three syncs were
  // most of the run's cost: keep the WAL and its index between runs
  // (SQLITE_FCNTL_PERSIST_WAL, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE). Each commit
  // stays exactly as durable (`synchronous` is unchanged), and every reader,
  // Store::OpenReadOnly and BackupDatabase included, sees the WAL's rows.
  // The WAL still stays bounded: SQLite's auto-checkpoint (every 1000 pages
  // committed) and the tool's daemons checkpoint it, and journal_size_limit
  // truncates it after a checkpoint.
  kKeepWal,
};

struct StoreOptions {
  int busy_timeout_ms = 5000;  // how long to wait for another writer
  Synchronous synchronous = Synchronous::kNormal;
  OnClose on_close = OnClose::kCheckpoint;  // only Open and OpenReadOnly's upgrade use it
};

// Move-only; use from one thread at a time. A Statement or Transaction may
// outlive its Store: the database closes when the last of them is gone.
class Store {
 public:
  // Opens (creating if needed) <state_dir>/<tool>.db: ensures state_dir as
  // EnsurePrivateDir does, creates the file with mode 0600, sets WAL,
  // the busy timeout, foreign_keys=ON, `synchronous` and `on_close`, then
  // applies the migrations the database lacks.
  // REQUIRES: migrations sorted by version, versions > 0 and unique (else
  // Internal); tool a plain file name such as "token" (else Internal).
  // Fails with Config if the database's schema is newer than the newest
  // migration (a newer evt wrote it; it is then not touched), DataErr if
  // the file is damaged or not a database, TempFail if another process
  // holds it past the busy timeout, IoErr for I/O, Internal if a migration
  // fails (its transaction is rolled back; earlier ones stay applied).
  static Result<Store> Open(const std::string& state_dir, std::string_view tool,
                            const std::vector<Migration>& migrations, const StoreOptions& options = {});
  // Opens <state_dir>/<tool>.db for reading only (SQLITE_OPEN_READONLY), for
  // commands that only report: they never create, migrate or checkpoint the
  // state, so they run beside a live writer (WAL readers never block it)
  // and on a full disk. SQLite's WAL reader uses the -wal and -shm side
  // files a writer keeps; only when no process has the database open does
  // it create them (and then a full disk is IoErr, naming the file).
  // Never `immutable=1`: a live state directory can always be written.
  // When the database does not exist yet, an empty in-memory one with the
  // current schema stands in, and nothing is created. When its schema is
  // older than the newest migration, it is opened as Open does: an upgrade
  // writes once. Errors as Open's.
  static Result<Store> OpenReadOnly(const std::string& state_dir, std::string_view tool,
                                    const std::vector<Migration>& migrations, const StoreOptions& options = {});
  // The same on a private in-memory database (no WAL), for tests.
  static Result<Store> OpenMemory(std::string_view tool, const std::vector<Migration>& migrations,
                                  const StoreOptions& options = {});

  Store(Store&&) noexcept = default;
  Store& operator=(Store&&) noexcept = default;

  // All below: REQUIRES the Store was not moved from.

  // Runs one or more SQL statements, discarding rows.
  Status Exec(std::string_view sql);
  // Prepares exactly one statement (trailing text other than whitespace and
  // a ';' is an error, not silently dropped).
  Result<Statement> Prepare(std::string_view sql);
  // PRAGMA user_version: the newest migration applied.
  Result<int> SchemaVersion();
  // Rows changed by the last INSERT, UPDATE or DELETE; rowid of the last
  // INSERT.
  int64_t changes() const;
  int64_t last_insert_rowid() const;
  // How errors name the database: its path, or "<tool> (in memory)".
  const std::string& name() const { return conn_->name(); }

 private:
  friend class Transaction;
  explicit Store(std::shared_ptr<SqlConnection> conn) : conn_(std::move(conn)) {}
  static Result<Store> Connect(const std::string& filename, std::string name, const StoreOptions& options,
                               int flags);
  const std::shared_ptr<SqlConnection>& connection() const { return conn_; }
  Status RefuseNewerSchema(const std::vector<Migration>& migrations);
  Status SetPragmas(const StoreOptions& options, bool wal);
  Status EnableWal(int busy_timeout_ms);
  Status KeepWalOnClose();
  Result<std::string> QueryJournalMode(std::string_view pragma);
  Status Migrate(const std::vector<Migration>& migrations);
  Status Apply(const Migration& migration);

  std::shared_ptr<SqlConnection> conn_;
};

}  // namespace evt
