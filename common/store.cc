#include "common/store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "common/state_dir.h"

namespace evt {
namespace {

Status CheckToolName(std::string_view tool) {
  bool plain = !tool.empty() && tool[0] != '.';
  for (char c : tool) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.');
  }
  if (plain) return Status::Ok();
  return Status::Internal("state store: tool name \"" + std::string(tool) + "\" is not a plain file name");
}

Status CheckMigrations(const std::vector<Migration>& migrations) {
  int previous = 0;
  for (const Migration& migration : migrations) {
    if (migration.version <= previous) {
      return Status::Internal("state store: migration " + std::to_string(migration.version) +
                              " is out of order (after " + std::to_string(previous) + ")");
    }
    previous = migration.version;
  }
  return Status::Ok();
}

int NewestVersion(const std::vector<Migration>& migrations) {
  return migrations.empty() ? 0 : migrations.back().version;
}

bool OnlySpaceAndSemicolons(const char* tail) {
  for (; *tail; ++tail) {
    if (*tail != ';' && *tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r') return false;
  }
  return true;
}

}  // namespace

Result<Store> Store::Open(const std::string& state_dir, std::string_view tool,
                          const std::vector<Migration>& migrations, const StoreOptions& options) {
  EVT_RETURN_IF_ERROR(CheckToolName(tool));
  EVT_RETURN_IF_ERROR(CheckMigrations(migrations));
  EVT_RETURN_IF_ERROR(EnsurePrivateDir(state_dir));
  std::string path = JoinPath(state_dir, std::string(tool) + ".db");
  EVT_RETURN_IF_ERROR(EnsurePrivateFile(path));
  // The file exists already (EnsurePrivateFile), so SQLite need not create
  // it with its own, wider mode.
  Result<Store> store = Connect(path, path, options, SQLITE_OPEN_READWRITE);
  if (!store.ok()) return store;
  EVT_RETURN_IF_ERROR(store->RefuseNewerSchema(migrations));
  EVT_RETURN_IF_ERROR(store->SetPragmas(options, /*wal=*/true));
  EVT_RETURN_IF_ERROR(store->Migrate(migrations));
  return store;
}

Result<Store> Store::OpenReadOnly(const std::string& state_dir, std::string_view tool,
                                  const std::vector<Migration>& migrations, const StoreOptions& options) {
  EVT_RETURN_IF_ERROR(CheckToolName(tool));
  EVT_RETURN_IF_ERROR(CheckMigrations(migrations));
  std::string path = JoinPath(state_dir, std::string(tool) + ".db");
  struct stat info {};
  if (stat(path.c_str(), &info) != 0 && errno == ENOENT) return OpenMemory(tool, migrations, options);
  Result<Store> store = Connect(path, path, options, SQLITE_OPEN_READONLY);
  if (!store.ok()) return store;
  EVT_RETURN_IF_ERROR(store->RefuseNewerSchema(migrations));
  Result<int> version = store->SchemaVersion();
  if (!version.ok()) return version.status();
  if (*version < NewestVersion(migrations)) return Open(state_dir, tool, migrations, options);
  return store;
}

Result<Store> Store::OpenMemory(std::string_view tool, const std::vector<Migration>& migrations,
                                const StoreOptions& options) {
  EVT_RETURN_IF_ERROR(CheckToolName(tool));
  EVT_RETURN_IF_ERROR(CheckMigrations(migrations));
  Result<Store> store =
      Connect(":memory:", std::string(tool) + " (in memory)", options, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!store.ok()) return store;
  EVT_RETURN_IF_ERROR(store->SetPragmas(options, /*wal=*/false));
  EVT_RETURN_IF_ERROR(store->Migrate(migrations));
  return store;
}

Result<Store> Store::Connect(const std::string& filename, std::string name, const StoreOptions& options,
                             int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(filename.c_str(), &db, flags, nullptr);
  auto conn = std::make_shared<SqlConnection>(db, std::move(name));
  if (rc != SQLITE_OK) return conn->Error(rc, "open");
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  return Store(std::move(conn));
}

Status Store::RefuseNewerSchema(const std::vector<Migration>& migrations) {
  Result<int> version = SchemaVersion();
  if (!version.ok()) return version.status();
  int newest = NewestVersion(migrations);
  if (*version < 0) {
    return Status::DataErr(name() + ": schema version " + std::to_string(*version) + " is not one evt writes");
  }
  if (*version > newest) {
    return Status::Config(name() + ": schema version " + std::to_string(*version) + " is newer than this evt (" +
                          std::to_string(newest) + "); upgrade evt");
  }
  return Status::Ok();
}

Status Store::SetPragmas(const StoreOptions& options, bool wal) {
  if (wal) EVT_RETURN_IF_ERROR(EnableWal(options.busy_timeout_ms));
  if (wal && options.on_close == OnClose::kKeepWal) EVT_RETURN_IF_ERROR(KeepWalOnClose());
  EVT_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys = ON"));
  return Exec(options.synchronous == Synchronous::kFull ? "PRAGMA synchronous = FULL"
                                                        : "PRAGMA synchronous = NORMAL");
}

// Switching to WAL needs the database to itself, and SQLite answers BUSY at
// once rather than calling the busy handler while other connections read:
// two tools opening a new database together would see that. So wait here,
// up to the busy timeout, for the others (or for one of them to switch it).
Status Store::EnableWal(int busy_timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  for (;;) {
    Result<std::string> mode = QueryJournalMode("PRAGMA journal_mode");
    if (mode.ok() && *mode == "wal") return Status::Ok();
    if (mode.ok()) mode = QueryJournalMode("PRAGMA journal_mode = WAL");
    if (mode.ok() && *mode == "wal") return Status::Ok();
    if (mode.ok()) return Status::IoErr(name() + ": cannot switch to WAL journal mode (got \"" + *mode + "\")");
    if (mode.status().code() != ExitCode::kTempFail || std::chrono::steady_clock::now() >= deadline) {
      return mode.status();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// A kept WAL is truncated to this size when a checkpoint resets it: a little
// above what the auto-checkpoint lets it grow to (1000 pages of 4 KiB), so a
// steady run of commits reuses the file rather than growing and shrinking it.
constexpr int64_t kKeptWalLimitBytes = 4 * 1024 * 1024 + 512 * 1024;

Status Store::KeepWalOnClose() {
  int persist = 1;
  int rc = sqlite3_file_control(conn_->db(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  if (rc != SQLITE_OK) return conn_->Error(rc, "keep the WAL");
  rc = sqlite3_db_config(conn_->db(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  if (rc != SQLITE_OK) return conn_->Error(rc, "no checkpoint on close");
  return Exec("PRAGMA journal_size_limit = " + std::to_string(kKeptWalLimitBytes));
}

Result<std::string> Store::QueryJournalMode(std::string_view pragma) {
  Result<Statement> statement = Prepare(pragma);
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  return *row ? statement->ColumnText(0) : std::string();
}

Status Store::Migrate(const std::vector<Migration>& migrations) {
  Result<int> version = SchemaVersion();
  if (!version.ok()) return version.status();
  for (const Migration& migration : migrations) {
    if (migration.version > *version) EVT_RETURN_IF_ERROR(Apply(migration));
  }
  return Status::Ok();
}

Status Store::Apply(const Migration& migration) {
  std::string context = "migration " + std::to_string(migration.version);
  Result<Transaction> tx = Transaction::Begin(*this, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  // Another process may have migrated between our read and our lock.
  Result<int> version = SchemaVersion();
  if (!version.ok()) return version.status();
  if (*version >= migration.version) return Status::Ok();
  EVT_RETURN_IF_ERROR(conn_->Exec(migration.sql, context));
  if (sqlite3_get_autocommit(conn_->db())) {
    return Status::Internal(name() + ": " + context + ": ended the transaction it runs in");
  }
  EVT_RETURN_IF_ERROR(conn_->Exec("PRAGMA user_version = " + std::to_string(migration.version), context));
  return tx->Commit();
}

Status Store::Exec(std::string_view sql) { return conn_->Exec(sql); }

Result<Statement> Store::Prepare(std::string_view sql) {
  std::string text(sql);
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(conn_->db(), text.c_str(), static_cast<int>(text.size() + 1), &stmt, &tail);
  if (rc != SQLITE_OK) return conn_->Error(rc, "in \"" + text + "\"");
  Statement statement(conn_, stmt);
  if (!stmt || !OnlySpaceAndSemicolons(tail)) {
    return Status::Internal(name() + ": prepare takes exactly one statement, got \"" + text + "\"");
  }
  return statement;
}

Result<int> Store::SchemaVersion() {
  Result<Statement> statement = Prepare("PRAGMA user_version");
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal(name() + ": PRAGMA user_version returned no row");
  return static_cast<int>(statement->ColumnInt64(0));
}

int64_t Store::changes() const { return sqlite3_changes64(conn_->db()); }

int64_t Store::last_insert_rowid() const { return sqlite3_last_insert_rowid(conn_->db()); }

}  // namespace evt
