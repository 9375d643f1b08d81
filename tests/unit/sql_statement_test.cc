#include "common/sql_statement.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>

#include "common/store.h"
#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

// RunWith reads the caller's text in place: what is stored is the text at
// the call, and afterwards the statement holds no binding that points at
// it (a later Run stores NULLs, not whatever the buffer then holds).
TEST_CASE("sql statement: RunWith stores the text as it was and keeps no pointer to it", "[store][sql_statement]") {
  Result<Store> store = Store::OpenMemory("tool", {{1, "CREATE TABLE t(s TEXT, b BLOB, i INTEGER);"}});
  REQUIRE(store.ok());
  Result<Statement> insert = store->Prepare("INSERT INTO t VALUES(?1, ?2, ?3)");
  REQUIRE(insert.ok());
  std::string text = "first";
  std::string bytes("\x00\x01", 2);
  REQUIRE(insert->RunWith({text, Blob{bytes}, 7}).ok());
  text.assign("overwritten after the call");
  bytes.assign("zz");
  REQUIRE(insert->Run().ok());
  Status wrong = insert->RunWith({"only one"});
  CHECK(wrong.code() == ExitCode::kSoftware);
  Result<Statement> select = store->Prepare("SELECT s, b, i FROM t ORDER BY rowid");
  REQUIRE(select.ok());
  REQUIRE(*select->Step());
  CHECK(select->ColumnText(0) == "first");
  CHECK(select->ColumnBlob(1) == std::string("\x00\x01", 2));
  CHECK(select->ColumnInt64(2) == 7);
  REQUIRE(*select->Step());
  CHECK(select->ColumnIsNull(0));
  CHECK(select->ColumnIsNull(1));
  CHECK(select->ColumnIsNull(2));
  CHECK_FALSE(*select->Step());
}

TEST_CASE("sql statement: binds by index and by name and reads every type back", "[store][sql_statement]") {
  Result<Store> store = Store::OpenMemory("tool", {{1, "CREATE TABLE t(i INTEGER, d REAL, s TEXT, b BLOB, n);"}});
  REQUIRE(store.ok());
  Result<Statement> insert = store->Prepare("INSERT INTO t VALUES(?1, ?2, :s, :b, ?5)");
  REQUIRE(insert.ok());
  const std::string text("caf\xc3\xa9 \0 tail", 12);
  const std::string bytes("\x00\x01\xff", 3);
  REQUIRE(insert->Bind(1, std::numeric_limits<int64_t>::min()).ok());
  REQUIRE(insert->Bind(2, 0.25).ok());
  REQUIRE(insert->Bind(":s", text).ok());
  REQUIRE(insert->Bind(":b", Blob{bytes}).ok());
  REQUIRE(insert->Bind(5, nullptr).ok());
  REQUIRE(insert->Run().ok());
  CHECK(store->changes() == 1);
  REQUIRE(insert->BindAll({std::numeric_limits<int64_t>::max(), -1.5, "x", Blob{""}, 3}).ok());
  REQUIRE(insert->Run().ok());
  CHECK(store->last_insert_rowid() == 2);

  Result<Statement> select = store->Prepare("SELECT i, d, s, b, n FROM t ORDER BY rowid");
  REQUIRE(select.ok());
  REQUIRE(*select->Step());
  CHECK(select->column_count() == 5);
  CHECK(select->ColumnInt64(0) == std::numeric_limits<int64_t>::min());
  CHECK(select->ColumnDouble(1) == 0.25);
  CHECK(select->ColumnText(2) == text);
  CHECK(select->ColumnBlob(3) == bytes);
  CHECK(select->ColumnIsNull(4));
  REQUIRE(*select->Step());
  CHECK(select->ColumnInt64(0) == std::numeric_limits<int64_t>::max());
  CHECK_FALSE(select->ColumnIsNull(4));
  CHECK_FALSE(*select->Step());
  select->Reset();
  CHECK(*select->Step());
}

TEST_CASE("sql statement: binding mistakes are errors naming the statement", "[store][sql_statement]") {
  Result<Store> store = Store::OpenMemory("tool", {{1, "CREATE TABLE t(x);"}});
  REQUIRE(store.ok());
  Result<Statement> insert = store->Prepare("INSERT INTO t VALUES(:x)");
  REQUIRE(insert.ok());
  Status unknown = insert->Bind(":y", 1);
  CHECK(unknown.code() == ExitCode::kSoftware);
  CHECK(unknown.message() == "tool (in memory): no parameter :y in \"INSERT INTO t VALUES(:x)\"");
  CHECK(insert->Bind(2, 1).code() == ExitCode::kSoftware);
  Status count = insert->BindAll({1, 2});
  CHECK(count.code() == ExitCode::kSoftware);
  CHECK_THAT(count.message(), Catch::Contains("2 values for 1 parameters"));
}

TEST_CASE("sql statement: prepare takes one valid statement", "[store][sql_statement]") {
  Result<Store> store = Store::OpenMemory("tool", {});
  REQUIRE(store.ok());
  Result<Statement> syntax = store->Prepare("SELEC 1");
  CHECK(syntax.status().code() == ExitCode::kSoftware);
  CHECK(syntax.status().message() == "tool (in memory): in \"SELEC 1\": near \"SELEC\": syntax error");
  CHECK(store->Prepare("SELECT 1; DELETE FROM t").status().code() == ExitCode::kSoftware);
  CHECK(store->Prepare("  ").status().code() == ExitCode::kSoftware);
  CHECK(store->Prepare("SELECT 1; ").ok());
}

TEST_CASE("sql statement: a constraint violation is a data error", "[store][sql_statement]") {
  Result<Store> store = Store::OpenMemory("tool", {{1, "CREATE TABLE scans(jti TEXT PRIMARY KEY);"}});
  REQUIRE(store.ok());
  Result<Statement> insert = store->Prepare("INSERT INTO scans VALUES(?1)");
  REQUIRE(insert.ok());
  REQUIRE(insert->BindAll({"ticket-1"}).ok());
  REQUIRE(insert->Run().ok());
  Status again = insert->Run();
  CHECK(again.code() == ExitCode::kDataErr);
  CHECK(again.message() == "tool (in memory): UNIQUE constraint failed: scans.jti");
}

TEST_CASE("sql statement: outlives the store it came from", "[store][sql_statement]") {
  Result<Store> store = Store::OpenMemory("tool", kCounterSchema);
  REQUIRE(store.ok());
  Result<Statement> select = store->Prepare("SELECT n FROM counter");
  REQUIRE(select.ok());
  { Store gone = std::move(store).value(); }
  Result<bool> row = select->Step();
  REQUIRE(row.ok());
  CHECK(*row);
  CHECK(select->ColumnInt64(0) == 0);
}

}  // namespace
}  // namespace evt
