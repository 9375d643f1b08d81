// Helpers shared by the state store tests: a private temporary directory
// per test, umask control, and one-value queries.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "common/store.h"

namespace evt::store_test {

// mkdtemp under $TMPDIR; removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "evt-store-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(umask(mask)) {}
  ~ScopedUmask() { umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

inline mode_t ModeOf(const std::string& path) {
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline const std::vector<Migration> kCounterSchema = {
    {1, "CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES(1, 0);"},
};

inline Store OpenOk(const std::string& dir, const std::vector<Migration>& migrations = kCounterSchema,
                    const StoreOptions& options = {}) {
  Result<Store> store = Store::Open(dir, "tool", migrations, options);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// The first column of the first row of `sql`, as text.
inline std::string QueryText(Store& store, const std::string& sql) {
  Result<Statement> statement = store.Prepare(sql);
  INFO(statement.status().message());
  REQUIRE(statement.ok());
  Result<bool> row = statement->Step();
  INFO(row.status().message());
  REQUIRE(row.ok());
  REQUIRE(*row);
  return statement->ColumnText(0);
}

inline int64_t QueryInt(Store& store, const std::string& sql) { return std::stoll(QueryText(store, sql)); }

// counter.n += 1 in one write transaction.
inline Status Increment(Store& store) {
  Result<Transaction> tx = Transaction::Begin(store, TxMode::kWrite);
  if (!tx.ok()) return tx.status();
  EVT_RETURN_IF_ERROR(store.Exec("UPDATE counter SET n = n + 1 WHERE id = 1"));
  return tx->Commit();
}

}  // namespace evt::store_test
