#include "common/store.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

TEST_CASE("store: open creates the state dir 0700 and the database 0600", "[store]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/state/evt";
  ScopedUmask mask(0);  // left to SQLite, the files would come out 0644
  Store store = OpenOk(dir);
  REQUIRE(Increment(store).ok());
  CHECK(ModeOf(dir) == 0700);
  CHECK(ModeOf(dir + "/tool.db") == 0600);
  CHECK(ModeOf(dir + "/tool.db-wal") == 0600);
  CHECK(ModeOf(dir + "/tool.db-shm") == 0600);
  CHECK(store.name() == dir + "/tool.db");
}

TEST_CASE("store: WAL, foreign keys, busy timeout and synchronous are set", "[store]") {
  TempDir tmp;
  Store normal = OpenOk(tmp.path());
  CHECK(QueryText(normal, "PRAGMA journal_mode") == "wal");
  CHECK(QueryInt(normal, "PRAGMA foreign_keys") == 1);
  CHECK(QueryInt(normal, "PRAGMA busy_timeout") == 5000);
  CHECK(QueryInt(normal, "PRAGMA synchronous") == 1);  // NORMAL

  Store full = OpenOk(tmp.path(), kCounterSchema, {.busy_timeout_ms = 250, .synchronous = Synchronous::kFull});
  CHECK(QueryInt(full, "PRAGMA busy_timeout") == 250);
  CHECK(QueryInt(full, "PRAGMA synchronous") == 2);  // FULL
}

TEST_CASE("store: foreign keys are enforced as a data error", "[store]") {
  Result<Store> store = Store::OpenMemory(
      "tool", {{1, "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
                   "CREATE TABLE child(parent_id INTEGER NOT NULL REFERENCES parent(id));"}});
  REQUIRE(store.ok());
  Status status = store->Exec("INSERT INTO child VALUES(42)");
  CHECK(status.code() == ExitCode::kDataErr);
  CHECK(status.message() == "tool (in memory): FOREIGN KEY constraint failed");
}

const std::vector<Migration> kLoggedSchema = {
    {1, "CREATE TABLE log(version INTEGER);  INSERT INTO log VALUES(1);"},
    {2, "ALTER TABLE log ADD COLUMN note TEXT; INSERT INTO log VALUES(2, 'needs 1');"},
    {3, "INSERT INTO log VALUES(3, 'needs 2');"},
};

TEST_CASE("store: migrations run once and in order", "[store]") {
  TempDir tmp;
  {
    Store store = OpenOk(tmp.path(), kLoggedSchema);
    CHECK(*store.SchemaVersion() == 3);
    CHECK(QueryText(store, "SELECT group_concat(version) FROM log") == "1,2,3");
  }
  Store again = OpenOk(tmp.path(), kLoggedSchema);
  CHECK(QueryText(again, "SELECT group_concat(version) FROM log") == "1,2,3");

  std::vector<Migration> grown = kLoggedSchema;
  grown.push_back({4, "INSERT INTO log VALUES(4, 'new');"});
  Store upgraded = OpenOk(tmp.path(), grown);
  CHECK(*upgraded.SchemaVersion() == 4);
  CHECK(QueryText(upgraded, "SELECT group_concat(version) FROM log") == "1,2,3,4");
}

TEST_CASE("store: a failing migration is rolled back and leaves the database usable", "[store]") {
  TempDir tmp;
  std::vector<Migration> broken = {
      {1, "CREATE TABLE kept(x INTEGER);"},
      {2, "CREATE TABLE half(x INTEGER); INSERT INTO nosuch VALUES(1);"},
  };
  Result<Store> failed = Store::Open(tmp.path(), "tool", broken);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == ExitCode::kSoftware);
  CHECK(failed.status().message() == tmp.path() + "/tool.db: migration 2: no such table: nosuch");

  Store store = OpenOk(tmp.path(), {broken[0]});
  CHECK(*store.SchemaVersion() == 1);
  CHECK(QueryInt(store, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'") == 0);
  REQUIRE(store.Exec("INSERT INTO kept VALUES(7)").ok());
  CHECK(QueryInt(store, "SELECT x FROM kept") == 7);
}

TEST_CASE("store: a migration that ends its own transaction is refused", "[store]") {
  TempDir tmp;
  Result<Store> store = Store::Open(tmp.path(), "tool", {{1, "CREATE TABLE t(x); COMMIT;"}});
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == ExitCode::kSoftware);
  CHECK_THAT(store.status().message(), Catch::Contains("migration 1: ended the transaction it runs in"));
}

TEST_CASE("store: a schema newer than this evt is refused and left untouched", "[store]") {
  TempDir tmp;
  std::vector<Migration> newer;
  for (int v = 1; v <= 7; ++v) newer.push_back({v, "SELECT 1;"});
  { OpenOk(tmp.path(), newer); }
  std::string path = tmp.path() + "/tool.db";
  std::string before = ReadFile(path);

  std::vector<Migration> older(newer.begin(), newer.begin() + 5);
  Result<Store> store = Store::Open(tmp.path(), "tool", older);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == ExitCode::kConfig);
  CHECK(store.status().message() == path + ": schema version 7 is newer than this evt (5); upgrade evt");
  CHECK(ReadFile(path) == before);
}

TEST_CASE("store: migrations out of order and odd tool names are programming errors", "[store]") {
  TempDir tmp;
  Result<Store> unordered = Store::Open(tmp.path(), "tool", {{2, "SELECT 1"}, {1, "SELECT 1"}});
  CHECK(unordered.status().code() == ExitCode::kSoftware);
  CHECK_THAT(unordered.status().message(), Catch::Contains("migration 1 is out of order"));
  CHECK(Store::Open(tmp.path(), "tool", {{0, "SELECT 1"}}).status().code() == ExitCode::kSoftware);
  for (std::string_view tool : {"", "../escape", "a/b", ".hidden"}) {
    CHECK(Store::Open(tmp.path(), tool, {}).status().code() == ExitCode::kSoftware);
  }
  CHECK_FALSE(std::filesystem::exists(tmp.path() + "/../escape.db"));
}

TEST_CASE("store: a garbage file is a data error naming the file", "[store]") {
  TempDir tmp;
  std::string path = tmp.path() + "/tool.db";
  std::string garbage(8192, '\x5a');
  std::ofstream(path, std::ios::binary) << "this is not sqlite " << garbage;
  std::string before = ReadFile(path);

  Result<Store> store = Store::Open(tmp.path(), "tool", kCounterSchema);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == ExitCode::kDataErr);
  CHECK_THAT(store.status().message(), Catch::StartsWith(path + ": file is not a database"));
  CHECK(ReadFile(path) == before);
}

TEST_CASE("store: a damaged page is a data error naming the file", "[store]") {
  TempDir tmp;
  std::string path = tmp.path() + "/tool.db";
  {
    Store store = OpenOk(tmp.path(), {{1, "CREATE TABLE t(v TEXT);"}});
    REQUIRE(store.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                       "INSERT INTO t SELECT printf('%0100d', i) FROM n")
                .ok());
  }  // the last connection to close checkpoints the WAL into tool.db
  REQUIRE(std::filesystem::file_size(path) > 16 * 4096);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096 * 4);
    std::string garbage(4096 * 8, '\xff');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  Status status;
  Result<Store> store = Store::Open(tmp.path(), "tool", {{1, "CREATE TABLE t(v TEXT);"}});
  if (!store.ok()) {
    status = store.status();
  } else {
    Result<Statement> scan = store->Prepare("SELECT count(*), sum(length(v)) FROM t");
    REQUIRE(scan.ok());
    Result<bool> row = scan->Step();
    REQUIRE_FALSE(row.ok());
    status = row.status();
  }
  CHECK(status.code() == ExitCode::kDataErr);
  CHECK_THAT(status.message(), Catch::StartsWith(path + ": database disk image is malformed"));
}

TEST_CASE("store: switching a database to WAL waits for its readers", "[store]") {
  TempDir tmp;
  std::string path = tmp.path() + "/tool.db";
  sqlite3* reader = nullptr;  // an older evt, or one still opening: rollback journal, mid-read
  REQUIRE(sqlite3_open(path.c_str(), &reader) == SQLITE_OK);
  REQUIRE(sqlite3_exec(reader, "CREATE TABLE t(x); BEGIN; SELECT * FROM t;", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::thread finish_read([reader] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  });
  Result<Store> store = Store::Open(tmp.path(), "tool", {{1, "SELECT 1;"}}, {.busy_timeout_ms = 3000});
  finish_read.join();
  sqlite3_close(reader);
  INFO(store.status().message());
  REQUIRE(store.ok());
  CHECK(QueryText(*store, "PRAGMA journal_mode") == "wal");
}

}  // namespace
}  // namespace evt
