// A prepared SQLite statement (RAII over sqlite3_stmt), made by
// Store::Prepare. Parameters and columns are numbered as SQLite numbers
// them: parameters from 1 (?1, or :name looked up), columns from 0.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "common/sql_connection.h"
#include "common/status.h"

struct sqlite3_stmt;

namespace evt {

// Bytes to bind as a BLOB rather than TEXT.
struct Blob {
  std::string_view bytes;
};

// A value to bind: NULL, an integer, a double, text or a blob. It only
// views text and blobs; Bind copies them, so they need to live only for the
// call. An unsigned 64-bit integer does not convert: SQLite cannot hold one
// above INT64_MAX, so the caller has to decide what it means.
class SqlValue {
 public:
  SqlValue(std::nullptr_t) {}  // NOLINT: implicit by design, as for all of these
  template <std::integral T>
    requires(std::is_signed_v<T> || sizeof(T) < sizeof(int64_t))
  SqlValue(T v) : v_(static_cast<int64_t>(v)) {}  // NOLINT
  template <std::unsigned_integral T>
    requires(sizeof(T) >= sizeof(int64_t))
  SqlValue(T v) = delete;  // would otherwise become a double
  SqlValue(double v) : v_(v) {}                   // NOLINT
  SqlValue(std::string_view text) : v_(text) {}   // NOLINT
  SqlValue(const std::string& text) : v_(std::string_view(text)) {}  // NOLINT
  // A null pointer binds NULL.
  SqlValue(const char* text) {  // NOLINT
    if (text) v_ = std::string_view(text);
  }
  SqlValue(Blob blob) : v_(blob) {}  // NOLINT

  using Variant = std::variant<std::nullptr_t, int64_t, double, std::string_view, Blob>;
  const Variant& get() const { return v_; }

 private:
  Variant v_;
};

// Use from one thread at a time. Errors name the database file and map to
// exit codes as SqlConnection::Error says.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds parameter `index` (1-based). An index out of range is an error.
  Status Bind(int index, const SqlValue& value);
  // Binds a named parameter, given with its prefix (":id", "@id", "$id").
  // A name the statement does not have is an error.
  Status Bind(std::string_view name, const SqlValue& value);
  // Binds ?1..?n to `values`; their number must be the statement's
  // parameter count.
  Status BindAll(std::initializer_list<SqlValue> values);

  // Runs the statement to its next row: true with a row to read through the
  // Column* getters, false when it is done.
  Result<bool> Step();
  // Steps until done, skipping any rows, then rewinds (keeping the bindings)
  // so the statement can run again. For INSERT, UPDATE, DELETE.
  Status Run();
  // BindAll + Run without copying the text and blobs into SQLite (they are
  // read where they are, during the call), then clears the bindings: for a
  // statement run for every record of a stream, where the copies' malloc,
  // memcpy and free were a tenth of the work.
  Status RunWith(std::initializer_list<SqlValue> values);
  // Rewinds and clears the bindings. Errors were already reported by Step.
  void Reset();

  // REQUIRES: the last Step returned true and 0 <= col < column_count().
  // SQLite converts between types (NULL reads as 0 or ""), so check
  // ColumnIsNull where NULL means something.
  int column_count() const;
  bool ColumnIsNull(int col) const;
  int64_t ColumnInt64(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  std::string ColumnBlob(int col) const;

 private:
  friend class Store;
  Statement(std::shared_ptr<SqlConnection> conn, sqlite3_stmt* stmt);
  std::string SqlText() const;
  Status CheckParameterCount(std::size_t given) const;

  std::shared_ptr<SqlConnection> conn_;
  sqlite3_stmt* stmt_;
};

}  // namespace evt
