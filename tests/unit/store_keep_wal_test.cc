#include <filesystem>

#include "common/state_backup.h"
#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

StoreOptions KeepWal() {
  StoreOptions options;
  options.on_close = OnClose::kKeepWal;
  return options;
}

// One short-lived CLI run: open, commit once, close.
void RunOnce(const std::string& dir) {
  Store store = OpenOk(dir, kCounterSchema, KeepWal());
  REQUIRE(Increment(store).ok());
}

std::uintmax_t SizeOf(const std::string& path) { return std::filesystem::file_size(path); }

TEST_CASE("store: by default the last close checkpoints and removes the WAL", "[store]") {
  TempDir tmp;
  { RunOnce(tmp.path()); }
  Store store = OpenOk(tmp.path());
  REQUIRE(Increment(store).ok());
  { Store moved = std::move(store); }
  CHECK_FALSE(std::filesystem::exists(tmp.path() + "/tool.db-wal"));
}

TEST_CASE("store: kKeepWal leaves the commits in the WAL, where every reader sees them", "[store]") {
  TempDir tmp;
  for (int i = 0; i < 3; ++i) RunOnce(tmp.path());
  REQUIRE(std::filesystem::exists(tmp.path() + "/tool.db-wal"));
  CHECK(SizeOf(tmp.path() + "/tool.db-wal") > 0);
  Result<Store> reader = Store::OpenReadOnly(tmp.path(), "tool", kCounterSchema);
  REQUIRE(reader.ok());
  CHECK(QueryInt(*reader, "SELECT n FROM counter") == 3);
  Store writer = OpenOk(tmp.path(), kCounterSchema, KeepWal());
  CHECK(QueryInt(writer, "PRAGMA synchronous") == 1);  // NORMAL: each commit as durable as before
}

TEST_CASE("store: a backup taken after kKeepWal runs holds them", "[store][state_backup]") {
  TempDir tmp;
  for (int i = 0; i < 5; ++i) RunOnce(tmp.path());
  std::filesystem::create_directory(tmp.path() + "/file_only");
  std::filesystem::create_directory(tmp.path() + "/restored");
  // The database file alone lacks them: they are only in the WAL.
  std::filesystem::copy_file(tmp.path() + "/tool.db", tmp.path() + "/file_only/tool.db");
  Store file_only = OpenOk(tmp.path() + "/file_only");
  CHECK(QueryInt(file_only, "SELECT n FROM counter") == 0);

  REQUIRE(BackupDatabase(tmp.path() + "/tool.db", tmp.path() + "/restored/tool.db").ok());
  Store restored = OpenOk(tmp.path() + "/restored");
  CHECK(QueryInt(restored, "SELECT n FROM counter") == 5);
}

TEST_CASE("store: a kept WAL is truncated after a checkpoint, not left at its largest", "[store]") {
  TempDir tmp;
  const std::vector<Migration> blobs = {{1, "CREATE TABLE blob(b BLOB NOT NULL);"}};
  Store store = OpenOk(tmp.path(), blobs, KeepWal());
  {
    Result<Transaction> tx = Transaction::Begin(store, TxMode::kWrite);
    REQUIRE(tx.ok());
    REQUIRE(store
                .Exec("WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < 128) "
                      "INSERT INTO blob SELECT randomblob(64 * 1024) FROM i")
                .ok());
    REQUIRE(tx->Commit().ok());
  }
  REQUIRE(SizeOf(tmp.path() + "/tool.db-wal") > 8u * 1024 * 1024);  // one 8 MiB commit grew it
  // That commit passed the auto-checkpoint's 1000 pages, so the next one
  // starts the WAL over and cuts the file down to journal_size_limit.
  REQUIRE(store.Exec("INSERT INTO blob VALUES (x'00')").ok());
  { Store closed = std::move(store); }
  CHECK(SizeOf(tmp.path() + "/tool.db-wal") <= 5u * 1024 * 1024);
}

}  // namespace
}  // namespace evt
