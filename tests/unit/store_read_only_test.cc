// Store::OpenReadOnly: what the commands that only report open. They see
// what writers committed, never write (not even a missing database), and
// never hold up a writer.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "common/store.h"
#include "tests/unit/store_test_util.h"

namespace evt {
namespace {

using namespace store_test;

Store OpenReadOnlyOk(const std::string& dir, const std::vector<Migration>& migrations = kCounterSchema) {
  Result<Store> store = Store::OpenReadOnly(dir, "tool", migrations);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

TEST_CASE("store read-only: a missing database reads as empty and nothing is created", "[store]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/state";
  Store store = OpenReadOnlyOk(dir);
  CHECK(QueryInt(store, "SELECT n FROM counter") == 0);
  CHECK_FALSE(std::filesystem::exists(dir));
}

TEST_CASE("store read-only: it sees each commit of a live writer, and cannot write", "[store]") {
  TempDir tmp;
  Store writer = OpenOk(tmp.path());
  REQUIRE(Increment(writer).ok());
  Store reader = OpenReadOnlyOk(tmp.path());
  CHECK(reader.name() == tmp.path() + "/tool.db");
  for (int n = 1; n <= 3; ++n) {
    CHECK(QueryInt(reader, "SELECT n FROM counter") == n);
    // A reader in the middle of a snapshot does not hold the writer up.
    Result<Transaction> snapshot = Transaction::Begin(reader, TxMode::kRead);
    REQUIRE(snapshot.ok());
    CHECK(QueryInt(reader, "SELECT n FROM counter") == n);
    REQUIRE(Increment(writer).ok());
    CHECK(QueryInt(reader, "SELECT n FROM counter") == n);
  }
  Status refused = reader.Exec("UPDATE counter SET n = 0");
  CHECK(refused.code() == ExitCode::kIoErr);
  CHECK(refused.message().find("readonly") != std::string::npos);
  CHECK(QueryInt(writer, "SELECT n FROM counter") == 4);
}

TEST_CASE("store read-only: an older schema is migrated once, a newer one refused", "[store]") {
  TempDir tmp;
  { OpenOk(tmp.path()); }
  std::vector<Migration> grown = kCounterSchema;
  grown.push_back({2, "UPDATE counter SET n = 10;"});
  {
    Store upgraded = OpenReadOnlyOk(tmp.path(), grown);
    CHECK(QueryInt(upgraded, "SELECT n FROM counter") == 10);
  }
  Result<Store> older = Store::OpenReadOnly(tmp.path(), "tool", kCounterSchema);
  CHECK(older.status().code() == ExitCode::kConfig);
}

}  // namespace
}  // namespace evt
