#include "common/sql_transaction.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "common/store.h"
#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

TEST_CASE("sql transaction: one not committed is rolled back", "[store][sql_transaction]") {
  Result<Store> store = Store::OpenMemory("tool", kCounterSchema);
  REQUIRE(store.ok());
  {
    Result<Transaction> tx = Transaction::Begin(*store, TxMode::kWrite);
    REQUIRE(tx.ok());
    REQUIRE(store->Exec("UPDATE counter SET n = 99").ok());
  }
  CHECK(QueryInt(*store, "SELECT n FROM counter") == 0);
  {
    Result<Transaction> tx = Transaction::Begin(*store, TxMode::kWrite);
    REQUIRE(tx.ok());
    REQUIRE(store->Exec("UPDATE counter SET n = 5").ok());
    REQUIRE(tx->Rollback().ok());
  }
  CHECK(QueryInt(*store, "SELECT n FROM counter") == 0);
  REQUIRE(Increment(*store).ok());
  CHECK(QueryInt(*store, "SELECT n FROM counter") == 1);
}

TEST_CASE("sql transaction: does not nest and ends only once", "[store][sql_transaction]") {
  Result<Store> store = Store::OpenMemory("tool", kCounterSchema);
  REQUIRE(store.ok());
  {
    Result<Transaction> outer = Transaction::Begin(*store, TxMode::kRead);
    REQUIRE(outer.ok());
    Result<Transaction> inner = Transaction::Begin(*store, TxMode::kWrite);
    REQUIRE_FALSE(inner.ok());
    CHECK(inner.status().code() == ExitCode::kSoftware);
    CHECK(inner.status().message() == "tool (in memory): a transaction is already open; transactions do not nest");
    REQUIRE(outer->Commit().ok());
    Status twice = outer->Commit();
    CHECK(twice.code() == ExitCode::kSoftware);
    CHECK_THAT(twice.message(), Catch::Contains("already committed"));
  }
  REQUIRE(store->Exec("BEGIN").ok());  // raw SQL does not get around it either
  CHECK_FALSE(Transaction::Begin(*store, TxMode::kWrite).ok());
  REQUIRE(store->Exec("ROLLBACK").ok());
  CHECK(Transaction::Begin(*store, TxMode::kWrite).ok());
}

// Read-then-write inside one transaction: if two writers could interleave,
// updates would be lost.
Status ReadAndIncrement(Store& store) {
  Result<Transaction> tx = Transaction::Begin(store, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  Result<Statement> read = store.Prepare("SELECT n FROM counter WHERE id = 1");
  if (!read.ok()) return read.status();
  Result<bool> row = read->Step();
  if (!row.ok()) return row.status();
  Result<Statement> write = store.Prepare("UPDATE counter SET n = ?1 WHERE id = 1");
  if (!write.ok()) return write.status();
  EVT_RETURN_IF_ERROR(write->Bind(1, read->ColumnInt64(0) + 1));
  EVT_RETURN_IF_ERROR(write->Run());
  return tx->Commit();
}

TEST_CASE("sql transaction: two connections writing at once queue behind each other", "[store][sql_transaction]") {
  TempDir tmp;
  { OpenOk(tmp.path()); }
  constexpr int kPerWriter = 200;
  auto writer = [&](Status* result) {
    Result<Store> store = Store::Open(tmp.path(), "tool", kCounterSchema);
    *result = store.status();
    for (int i = 0; i < kPerWriter && result->ok(); ++i) *result = ReadAndIncrement(*store);
  };
  Status first, second;
  std::thread a(writer, &first), b(writer, &second);
  a.join();
  b.join();
  INFO(first.message() << " / " << second.message());
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  Store store = OpenOk(tmp.path());
  CHECK(QueryInt(store, "SELECT n FROM counter") == 2 * kPerWriter);
}

TEST_CASE("sql transaction: a writer held up past the busy timeout fails temporarily", "[store][sql_transaction]") {
  TempDir tmp;
  Store holder = OpenOk(tmp.path());
  Store waiter = OpenOk(tmp.path(), kCounterSchema, {.busy_timeout_ms = 100});
  Result<Transaction> held = Transaction::Begin(holder, TxMode::kWrite);
  REQUIRE(held.ok());

  auto start = std::chrono::steady_clock::now();
  Result<Transaction> blocked = Transaction::Begin(waiter, TxMode::kWrite);
  auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.status().code() == ExitCode::kTempFail);
  CHECK(blocked.status().message() == tmp.path() + "/tool.db: begin: database is locked"
                                      " (another process holds the database; try again)");
  CHECK(waited >= std::chrono::milliseconds(90));

  CHECK(QueryInt(waiter, "SELECT n FROM counter") == 0);  // readers are not blocked (WAL)
  REQUIRE(held->Commit().ok());
  CHECK(Increment(waiter).ok());
}

TEST_CASE("sql transaction: a full database is an I/O error, its writes discarded", "[store][sql_transaction]") {
  TempDir tmp;
  Store store = OpenOk(tmp.path(), {{1, "CREATE TABLE big(v BLOB);"}});
  REQUIRE(store.Exec("PRAGMA max_page_count = 20").ok());
  Result<Transaction> tx = Transaction::Begin(store, TxMode::kWrite);
  REQUIRE(tx.ok());
  Status full = store.Exec("INSERT INTO big VALUES(zeroblob(1000000))");
  CHECK(full.code() == ExitCode::kIoErr);
  CHECK(full.message() == tmp.path() + "/tool.db: database or disk is full");
  CHECK(tx->Rollback().ok());
  CHECK(QueryInt(store, "SELECT count(*) FROM big") == 0);
}

}  // namespace
}  // namespace evt
