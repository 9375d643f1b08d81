#include "common/sql_statement.h"

#include <sqlite3.h>

#include <utility>

namespace evt {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// `copy` is SQLITE_TRANSIENT (SQLite copies text and blobs) or
// SQLITE_STATIC (it reads them where they are until the bindings change).
int BindValue(sqlite3_stmt* stmt, int index, const SqlValue& value, sqlite3_destructor_type copy = SQLITE_TRANSIENT) {
  return std::visit(
      Overloaded{
          [&](std::nullptr_t) { return sqlite3_bind_null(stmt, index); },
          [&](int64_t v) { return sqlite3_bind_int64(stmt, index, v); },
          [&](double v) { return sqlite3_bind_double(stmt, index, v); },
          [&](std::string_view text) {
            return sqlite3_bind_text64(stmt, index, text.data(), text.size(), copy, SQLITE_UTF8);
          },
          [&](Blob blob) {
            return sqlite3_bind_blob64(stmt, index, blob.bytes.data(), blob.bytes.size(), copy);
          },
      },
      value.get());
}

// Binds ?1..?n; the first failure's SQLite code, with its parameter's
// index in `failed`.
int BindEach(sqlite3_stmt* stmt, std::initializer_list<SqlValue> values, sqlite3_destructor_type copy, int& failed) {
  int index = 1;
  for (const SqlValue& value : values) {
    if (int rc = BindValue(stmt, index, value, copy); rc != SQLITE_OK) {
      failed = index;
      return rc;
    }
    ++index;
  }
  return SQLITE_OK;
}

std::string ColumnBytes(const void* data, int size) {
  return data ? std::string(static_cast<const char*>(data), static_cast<size_t>(size)) : std::string();
}

}  // namespace

Statement::Statement(std::shared_ptr<SqlConnection> conn, sqlite3_stmt* stmt)
    : conn_(std::move(conn)), stmt_(stmt) {}

Statement::Statement(Statement&& other) noexcept
    : conn_(std::move(other.conn_)), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    conn_ = std::move(other.conn_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

std::string Statement::SqlText() const {
  const char* sql = sqlite3_sql(stmt_);
  return std::string("in \"") + (sql ? sql : "") + "\"";
}

Status Statement::Bind(int index, const SqlValue& value) {
  int rc = BindValue(stmt_, index, value);
  if (rc == SQLITE_OK) return Status::Ok();
  return conn_->Error(rc, "parameter " + std::to_string(index) + " " + SqlText());
}

Status Statement::Bind(std::string_view name, const SqlValue& value) {
  int index = sqlite3_bind_parameter_index(stmt_, std::string(name).c_str());
  if (index == 0) return Status::Internal(conn_->name() + ": no parameter " + std::string(name) + " " + SqlText());
  return Bind(index, value);
}

Status Statement::CheckParameterCount(std::size_t given) const {
  int expected = sqlite3_bind_parameter_count(stmt_);
  if (static_cast<int>(given) == expected) return Status::Ok();
  return Status::Internal(conn_->name() + ": " + std::to_string(given) + " values for " + std::to_string(expected) +
                          " parameters " + SqlText());
}

Status Statement::BindAll(std::initializer_list<SqlValue> values) {
  EVT_RETURN_IF_ERROR(CheckParameterCount(values.size()));
  int failed = 0;
  int rc = BindEach(stmt_, values, SQLITE_TRANSIENT, failed);
  if (rc == SQLITE_OK) return Status::Ok();
  return conn_->Error(rc, "parameter " + std::to_string(failed) + " " + SqlText());
}

Status Statement::RunWith(std::initializer_list<SqlValue> values) {
  EVT_RETURN_IF_ERROR(CheckParameterCount(values.size()));
  int failed = 0;
  if (int rc = BindEach(stmt_, values, SQLITE_STATIC, failed); rc != SQLITE_OK) {
    sqlite3_clear_bindings(stmt_);
    return conn_->Error(rc, "parameter " + std::to_string(failed) + " " + SqlText());
  }
  Status ran = Run();
  sqlite3_clear_bindings(stmt_);  // nothing may point at the caller's text once it returns
  return ran;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->Error(rc);
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) {
      sqlite3_reset(stmt_);
      return row.status();
    }
    if (!*row) break;
  }
  sqlite3_reset(stmt_);
  return Status::Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

bool Statement::ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

int64_t Statement::ColumnInt64(int col) const { return sqlite3_column_int64(stmt_, col); }

double Statement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  return ColumnBytes(text, sqlite3_column_bytes(stmt_, col));
}

std::string Statement::ColumnBlob(int col) const {
  const void* blob = sqlite3_column_blob(stmt_, col);
  return ColumnBytes(blob, sqlite3_column_bytes(stmt_, col));
}

}  // namespace evt
